const maxLength = 300;

/**
 * A vendor-supplied string made fit for a message: control characters and runs of white space
 * folded, and cut to a bounded length. Null when the value is not a non-empty string.
 */
export function toVendorText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: folding control characters is the point
  const folded = value.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  if (folded === '') return null;
  return folded.length > maxLength ? `${folded.slice(0, maxLength - 1)}…` : folded;
}

/** Removes every occurrence of a credential from text a vendor sent, before anything reads it. */
export function redactSecret(text: string, secret: string): string {
  return text.split(secret).join('[redacted]');
}
