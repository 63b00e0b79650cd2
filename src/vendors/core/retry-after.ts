const maxGraphQLInt = 2_147_483_647;
const asctimeDate = /^[a-z]{3} [a-z]{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/i;

/**
 * Reads `Retry-After` as whole seconds from now: delay-seconds or an HTTP date
 * (RFC 9110, section 10.2.3). Null when absent or unreadable.
 */
export function toRetryAfterSeconds(value: string | string[] | undefined, now = Date.now()): number | null {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), maxGraphQLInt);
  // asctime dates (`Sun Nov  6 08:49:37 1994`) carry no zone; HTTP dates are always GMT.
  const date = Date.parse(asctimeDate.test(trimmed) ? `${trimmed} GMT` : trimmed);
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) return null;
  return Math.min(Math.max(0, Math.ceil((date - now) / 1000)), maxGraphQLInt);
}
