/** The most characters an idempotency key may have. */
export const maxIdempotencyKeyLength = 255;

/** Visible ASCII (VCHAR): what the key itself may hold. */
const visible = /^[\x21-\x7e]+$/;
/** A bare token, as Stripe's clients send the key: letters, digits and `-_.:`. */
const bareToken = /^[A-Za-z0-9\-_.:]+$/;

/**
 * The key an `Idempotency-Key` header carries, or null when the header is not one. The IETF httpapi
 * draft (draft-ietf-httpapi-idempotency-key-header) makes it a Structured Fields string
 * (`"8e03978e-..."`, with `\"` and `\\` escapes, RFC 9651 section 3.3.3); a bare token is accepted
 * too. The key inside is 1 to 255 visible ASCII characters.
 */
export function parseIdempotencyKey(header: string): string | null {
  const value = header.trim();
  const key = value.startsWith('"') ? unquote(value) : bareToken.test(value) ? value : null;
  if (key === null || key.length === 0 || key.length > maxIdempotencyKeyLength || !visible.test(key))
    return null;
  return key;
}

/** A Structured Fields string's content, or null when it is not exactly one well-formed string. */
function unquote(value: string): string | null {
  let key = '';
  for (let index = 1; index < value.length; index += 1) {
    const char = value[index] as string;
    if (char === '\\') {
      const next = value[index + 1];
      if (next !== '"' && next !== '\\') return null;
      key += next;
      index += 1;
    } else if (char === '"') {
      return index === value.length - 1 ? key : null;
    } else {
      key += char;
    }
  }
  return null;
}
