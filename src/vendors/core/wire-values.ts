/**
 * Reading single values out of a vendor's JSON, the same way for every vendor: what is not the
 * expected type is null, so a reader can tell "absent" from a value and refuse a whole answer
 * that breaks a non-null field.
 */

/** RFC 3339 / ISO 8601 date-time; the offset is optional (then UTC), the separator `T` or a space. */
const dateTime = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * A vendor timestamp as a Date. One without an offset is UTC (never the gateway's own zone);
 * digits past milliseconds are dropped. Null when it is not a string that parses.
 */
export function toDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = dateTime.exec(value.trim());
  if (!match) return null;
  const [, day, time, fraction, offset] = match;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  const zone =
    !offset || offset === 'z'
      ? 'Z'
      : offset.length === 5
        ? `${offset.slice(0, 3)}:${offset.slice(3)}`
        : offset;
  const date = new Date(`${day}T${time}${millis}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The value when it is a string, else null. */
export function toText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The value when it is a boolean, else null. */
export function toFlag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** A list of strings; null when it is not an array of strings (absent: `whenAbsent`). */
export function toTextList(
  value: unknown,
  whenAbsent: readonly string[] | null = [],
): readonly string[] | null {
  if (value === undefined || value === null) return whenAbsent;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return null;
  return value;
}

/**
 * A vendor's enum value as the gateway's: matched case-insensitively, `OTHER` for a value the
 * gateway does not know (so a new vendor value never fails a whole answer).
 */
export function toEnumValue<Value extends string>(
  value: unknown,
  known: readonly Value[],
  other: Value,
): Value {
  if (typeof value !== 'string') return other;
  const upper = value.trim().toUpperCase() as Value;
  return known.includes(upper) ? upper : other;
}
