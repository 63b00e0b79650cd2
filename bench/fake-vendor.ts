/**
 * The bench's vendor (a child process, pinned beside the load generator): Bland's persona delete,
 * `DELETE /v1/personas/{id}?force=`, answered with Bland's success envelope for every id, and
 * Bland's persona read, `GET /v1/personas/{id}`, answered with a persona with two inbound numbers
 * for every id; each after VENDOR_LATENCY_MS (none by default), and 401 with Bland's error
 * envelope for a wrong key. It counts the calls per id (both kinds), which
 * `GET /__bench/stats?prefix=` reports.
 *
 * Environment: PORT (0), HOST (127.0.0.1), BLAND_API_KEY, VENDOR_LATENCY_MS (0).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  blandApiKey,
  blandSuccessBody,
  listeningPrefix,
  personaId,
  toBlandPersonaBody,
  type VendorStats,
  vendorStatsPath,
} from './shared.js';

const latencyMs = Number(process.env.VENDOR_LATENCY_MS ?? '0');
const apiKey = process.env.BLAND_API_KEY ?? blandApiKey;
const unauthorizedBody = JSON.stringify({
  data: null,
  errors: [{ error: 'AUTH_FAILURE', message: 'Unauthorized' }],
});

// The bench reads one persona: its answer is built once, so the load side's core does not pay for it.
const benchPersonaBody = toBlandPersonaBody(personaId);

let calls = 0;
const callsById = new Map<string, number>();

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function stats(prefix: string): VendorStats {
  let matchingCalls = 0;
  let distinctIds = 0;
  let repeatedIds = 0;
  for (const [id, count] of callsById) {
    if (!id.startsWith(prefix)) continue;
    matchingCalls += count;
    distinctIds += 1;
    if (count > 1) repeatedIds += 1;
  }
  return { calls, matchingCalls, distinctIds, repeatedIds };
}

const server = createServer((request, response) => {
  request.resume();
  const url = new URL(request.url ?? '/', 'http://fake-vendor');
  if (request.method === 'GET' && url.pathname === vendorStatsPath) {
    send(response, 200, JSON.stringify(stats(url.searchParams.get('prefix') ?? '')));
    return;
  }
  const match = /^\/v1\/personas\/([^/]+)$/.exec(url.pathname);
  if ((request.method !== 'DELETE' && request.method !== 'GET') || !match?.[1]) {
    send(response, 404, '{"data":null,"errors":[{"error":"NOT_FOUND","message":"Route not found"}]}');
    return;
  }
  if (request.headers.authorization !== apiKey) {
    send(response, 401, unauthorizedBody);
    return;
  }
  const id = decodeURIComponent(match[1]);
  calls += 1;
  callsById.set(id, (callsById.get(id) ?? 0) + 1);
  const body =
    request.method !== 'GET'
      ? blandSuccessBody
      : id === personaId
        ? benchPersonaBody
        : toBlandPersonaBody(id);
  if (latencyMs > 0) setTimeout(() => send(response, 200, body), latencyMs);
  else send(response, 200, body);
});

server.listen(Number(process.env.PORT ?? '0'), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`${listeningPrefix}http://${address}:${port}\n`);
});
