import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamResponse } from '../../http/send-request.js';
import { redactSecret } from './vendor-text.js';

/** A complete vendor answer as the normalizers read it: the body parsed, the credential removed. */
export interface VendorAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
}

/** What a vendor's body turned out to be. */
export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'oversized' }
  | { kind: 'not-json'; description: string };

/**
 * Reads a vendor's response for the normalizers. The credential is removed from the decoded
 * JSON, not from the raw text, so a vendor that echoes it JSON-escaped (`sk\u002d...`) cannot
 * slip it through.
 */
export function toVendorAnswer(response: UpstreamResponse, secret: string): VendorAnswer {
  const text = response.body === null ? null : response.body.toString('utf8');
  const body = parseBody(text, response.headers['content-type']);
  // Decoding can only produce the secret if the text holds it or holds an escape sequence.
  const mayHoldSecret = text !== null && (text.includes(secret) || text.includes('\\'));
  return {
    status: response.status,
    headers: response.headers,
    body:
      body.kind === 'json' && mayHoldSecret
        ? { kind: 'json', value: redactSecret(body.value, secret) }
        : body,
  };
}

/**
 * Parses a body as JSON when the content type allows it (JSON, `+json`, or none given).
 * An HTML page, an empty body or truncated JSON is `not-json`; null text (not read) is `oversized`.
 */
export function parseBody(text: string | null, contentType: string | undefined): ParsedBody {
  if (text === null) return { kind: 'oversized' };
  if (contentType !== undefined && !isJsonMediaType(contentType)) {
    return { kind: 'not-json', description: `a ${mediaType(contentType)} body` };
  }
  if (text.trim() === '') return { kind: 'not-json', description: 'an empty body' };
  try {
    return { kind: 'json', value: JSON.parse(text) };
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
