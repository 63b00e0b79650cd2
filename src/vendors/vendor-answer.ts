import type { IncomingHttpHeaders } from 'node:http';

/** A complete vendor answer, its body already decoded and stripped of the credential. */
export interface VendorAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text, or null when it was over the size limit and not read. */
  text: string | null;
}

/** What a vendor's body turned out to be. */
export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'oversized' }
  | { kind: 'not-json'; description: string };

/**
 * Parses the body as JSON when the content type allows it (JSON, `+json`, or none given).
 * An HTML page, an empty body or truncated JSON is `not-json`.
 */
export function parseBody(answer: VendorAnswer): ParsedBody {
  if (answer.text === null) return { kind: 'oversized' };
  const contentType = answer.headers['content-type'];
  if (contentType !== undefined && !isJsonMediaType(contentType)) {
    return { kind: 'not-json', description: `a ${mediaType(contentType)} body` };
  }
  if (answer.text.trim() === '') return { kind: 'not-json', description: 'an empty body' };
  try {
    return { kind: 'json', value: JSON.parse(answer.text) };
  } catch {
    return { kind: 'not-json', description: 'a body that is not valid JSON' };
  }
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJsonMediaType(contentType: string): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

export function isServerErrorStatus(status: number): boolean {
  return status >= 500 && status < 600;
}

/** A JSON object's own fields, or null when the value is not a plain object. */
export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
