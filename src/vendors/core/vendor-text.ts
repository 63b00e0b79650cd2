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

/** A copy of a decoded JSON value with every occurrence of `secret` in its strings and keys replaced. */
export function redactSecret(value: unknown, secret: string): unknown {
  if (typeof value === 'string') return value.split(secret).join('[redacted]');
  if (Array.isArray(value)) return value.map((item) => redactSecret(item, secret));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactSecret(key, secret), redactSecret(item, secret)]),
    );
  }
  return value;
}
