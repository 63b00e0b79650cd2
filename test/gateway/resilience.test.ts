import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  findClosedPortUrl,
  hang,
  json,
  type Reply,
  resetAfterRequest,
  sequence,
  startFakeVendor,
  text,
  trickle,
} from '../helpers/fake-vendor.js';
import { followUpRead, itemPresent } from '../helpers/follow-up.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../helpers/test-gateway.js';

const deadlineMs = 300;
/** Generous: these bound waits, they do not benchmark them. */
const marginMs = 1500;
const retries = 2;
/** Consecutive failed calls that open a circuit; the circuit tests count their calls for exactly 3. */
const threshold = 3;
const cooldownMs = 500;
const twoMegabytesOfGarbage = randomBytes(2 * 1024 * 1024);
const htmlPage = '<!doctype html><html><body><h1>Bad Gateway</h1></body></html>';
const circuitQuery = '{ gateway { vendors { vendor circuit } } }';

type Vendor = 'BLAND' | 'BOLNA';

interface VendorCase {
  vendor: Vendor;
  name: 'Bland' | 'Bolna';
  other: Vendor;
  field: 'deletePersona' | 'deleteDisposition';
  mutation: string;
  id: string;
  /** The request target the vendor must receive for `id`. */
  path: string;
  successBody: unknown;
  successPayload: Record<string, unknown>;
  /** The vendor's error body for a 5xx, and the vendorCode the gateway reads from it. */
  serverError: (status: number) => { body: unknown; vendorCode: string };
  /** The vendor's 429 body, and the vendorCode and message the gateway reads from it. */
  rateLimited: { body: unknown; vendorCode: string; message: string };
  notFoundBody: unknown;
  notFoundPayload: Record<string, unknown>;
}

const bolnaId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
/** The vendor's own text in every 5xx body below. */
const serverErrorText = 'Try again later';

const vendorCases: VendorCase[] = [
  {
    vendor: 'BLAND',
    name: 'Bland',
    other: 'BOLNA',
    field: 'deletePersona',
    mutation: deletePersonaMutation,
    id: 'persona-1',
    path: '/v1/personas/persona-1?force=false',
    successBody: { data: { success: true, message: 'Persona deleted successfully' }, errors: null },
    successPayload: {
      __typename: 'DeletePersonaSuccess',
      personaId: 'persona-1',
      message: 'Persona deleted successfully',
    },
    serverError: () => ({
      body: { data: null, errors: [{ error: 'SERVICE_ERROR', message: serverErrorText }] },
      vendorCode: 'SERVICE_ERROR',
    }),
    rateLimited: {
      body: { error: 'concurrency_limit_reached', limit: 5, message: 'Concurrency limit reached' },
      vendorCode: 'concurrency_limit_reached',
      message: 'Concurrency limit reached',
    },
    notFoundBody: {
      data: null,
      errors: [
        { error: 'PERSONA_NOT_FOUND', message: 'Persona not found', details: { persona_id: 'persona-1' } },
      ],
    },
    notFoundPayload: {
      __typename: 'PersonaNotFoundError',
      personaId: 'persona-1',
      message: 'Persona not found',
      vendor: 'BLAND',
      vendorCode: 'PERSONA_NOT_FOUND',
      retryable: false,
    },
  },
  {
    vendor: 'BOLNA',
    name: 'Bolna',
    other: 'BLAND',
    field: 'deleteDisposition',
    mutation: deleteDispositionMutation,
    id: bolnaId,
    path: `/dispositions/${bolnaId}`,
    successBody: { message: 'Disposition deleted successfully', id: bolnaId },
    successPayload: {
      __typename: 'DeleteDispositionSuccess',
      dispositionId: bolnaId,
      message: 'Disposition deleted successfully',
    },
    serverError: (status) => ({
      body: { error: status, message: serverErrorText },
      vendorCode: String(status),
    }),
    rateLimited: {
      body: { error: 429, message: 'Rate limit exceeded' },
      vendorCode: '429',
      message: 'Rate limit exceeded',
    },
    notFoundBody: { error: 404, message: 'Disposition not found' },
    notFoundPayload: {
      __typename: 'DispositionNotFoundError',
      dispositionId: bolnaId,
      message: 'Disposition not found',
      vendor: 'BOLNA',
      vendorCode: '404',
      retryable: false,
    },
  },
];

/** `[name, case]` pairs for `describe.each`, so titles read `Bland: ...`. */
const byName = vendorCases.map((c) => [c.name, c] as const);

const caseOf = (vendor: Vendor) => vendorCases.find((c) => c.vendor === vendor) as VendorCase;

function vendorsAt(urls: Record<Vendor, string>): Pick<TestGatewayOptions, 'bland' | 'bolna'> {
  return {
    bland: { baseUrl: urls.BLAND, apiKey: 'sk-resilience-test' },
    bolna: { baseUrl: urls.BOLNA, apiKey: 'bn-resilience-test' },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Both vendors faked, and a gateway of their own: nothing (pool, circuit) shared with other tests. */
interface Rig {
  fakes: Record<Vendor, FakeVendor>;
  gateway: TestGateway;
  close(): Promise<void>;
}

async function startRig(options: TestGatewayOptions): Promise<Rig> {
  const fakes = { BLAND: await startFakeVendor(), BOLNA: await startFakeVendor() };
  const gateway = await startTestGateway({
    ...vendorsAt({ BLAND: fakes.BLAND.url, BOLNA: fakes.BOLNA.url }),
    upstreamTimeoutMs: deadlineMs,
    ...options,
  });
  return {
    fakes,
    gateway,
    close: async () => {
      await gateway.close();
      await fakes.BLAND.close();
      await fakes.BOLNA.close();
    },
  };
}

/** Helpers bound to one vendor case. */
function helpersFor(c: VendorCase) {
  const upstreamError = (fields: {
    message: string;
    reason: string;
    retryable: boolean;
    vendorCode: string | null;
    status: number | null;
  }) => ({ data: { [c.field]: { __typename: 'UpstreamError', vendor: c.vendor, ...fields } } });

  return {
    upstreamError,
    serverErrorPayload: (status: number) =>
      upstreamError({
        message: `${c.name} answered HTTP ${status}: ${serverErrorText}`,
        reason: 'SERVER_ERROR',
        retryable: true,
        vendorCode: c.serverError(status).vendorCode,
        status,
      }),
    rateLimitedPayload: (retryAfterSeconds: number | null) => ({
      data: {
        [c.field]: {
          __typename: 'RateLimitedError',
          message: c.rateLimited.message,
          vendor: c.vendor,
          vendorCode: c.rateLimited.vendorCode,
          retryable: true,
          retryAfterSeconds,
        },
      },
    }),
    circuitOpenPayload: () =>
      upstreamError({
        message: `${c.name} failed ${threshold} times in a row, so calls fail fast for ${cooldownMs} ms before one probe; the request never reached ${c.name}.`,
        reason: 'CIRCUIT_OPEN',
        retryable: true,
        vendorCode: null,
        status: null,
      }),
    successPayload: () => ({ data: { [c.field]: c.successPayload } }),
    /** `count` identical deletes, as the vendor must have received them. */
    deletes: (count: number) =>
      Array.from({ length: count }, () => ({ method: 'DELETE', url: c.path, headers: expect.any(Object) })),
    /** The one read, never retried, that follows a delete whose outcome is ambiguous. */
    followUpRead: () => ({ ...followUpRead(c.vendor, c.id), headers: expect.any(Object) }),
    serverErrorReply: (status: number) => json(status, c.serverError(status).body),
    rateLimitedReply: (headers: Record<string, string> = {}) => json(429, c.rateLimited.body, headers),
    successReply: () => json(200, c.successBody),
    /** Sends the delete through `gateway` with `reply` in place at `fake`, and reports what happened. */
    async deleteWith(gateway: TestGateway, fake: FakeVendor, reply?: Reply) {
      if (reply) fake.setReply(reply);
      const requestsBefore = fake.requests.length;
      const connectionsBefore = fake.connections;
      const started = performance.now();
      const response = await gateway.graphql(c.mutation, { variables: { id: c.id } });
      const elapsedMs = performance.now() - started;
      const record = gateway.auditRecords().at(-1);
      return {
        response,
        elapsedMs,
        received: fake.requests.slice(requestsBefore),
        connections: fake.connections - connectionsBefore,
        /** The gateway's own count of delete attempts (a follow-up read is not one), from the delete's audit record. */
        attempts: record?.attempts,
        /** What the follow-up read found, from the same record; null when none ran. */
        followUp: record?.followUp,
      };
    },
  };
}

let fakes: Record<Vendor, FakeVendor>;
let gateway: TestGateway;
let refusedGateway: TestGateway;

beforeAll(async () => {
  fakes = { BLAND: await startFakeVendor(), BOLNA: await startFakeVendor() };
  gateway = await startTestGateway({
    ...vendorsAt({ BLAND: fakes.BLAND.url, BOLNA: fakes.BOLNA.url }),
    upstreamTimeoutMs: deadlineMs,
    upstreamRetries: retries,
  });
  const closedUrl = await findClosedPortUrl();
  refusedGateway = await startTestGateway({
    ...vendorsAt({ BLAND: closedUrl, BOLNA: closedUrl }),
    upstreamTimeoutMs: deadlineMs,
    upstreamRetries: retries,
  });
});

afterAll(async () => {
  await gateway?.close();
  await refusedGateway?.close();
  await fakes?.BLAND.close();
  await fakes?.BOLNA.close();
});

describe.each(byName)('%s: retries only what provably did not take effect', (_name, c) => {
  const h = helpersFor(c);
  // A reply answers every request, so the follow-up read after an ambiguous delete (TIMEOUT,
  // CONNECTION_LOST, a 5xx) meets the same fault: it fails, and the delete's own answer stands.
  const deleteWith = (reply: Reply, through: TestGateway = gateway) =>
    h.deleteWith(through, fakes[c.vendor], reply);

  const timeoutPayload = h.upstreamError({
    message: `${c.name} gave no complete answer within ${deadlineMs} ms; the delete may or may not have happened.`,
    reason: 'TIMEOUT',
    retryable: true,
    vendorCode: null,
    status: null,
  });
  const badResponse = (status: number, what: string) =>
    h.upstreamError({
      message: `${c.name} answered HTTP ${status} with ${what}.`,
      reason: 'BAD_RESPONSE',
      retryable: false,
      vendorCode: String(status),
      status,
    });
  const bareServerError = (status: number) =>
    h.upstreamError({
      message: `${c.name} answered HTTP ${status}.`,
      reason: 'SERVER_ERROR',
      retryable: true,
      vendorCode: String(status),
      status,
    });

  it('does not retry a timeout: UpstreamError TIMEOUT after exactly 1 delete and its follow-up read', async () => {
    const { response, elapsedMs, received, attempts, followUp } = await deleteWith(hang());

    expect(response.status).toBe(200);
    expect(response.body).toEqual(timeoutPayload);
    expect(received).toEqual([...h.deletes(1), h.followUpRead()]);
    expect(attempts).toBe(1);
    expect(followUp).toBe('READ_FAILED');
    // The delete's deadline, then the read's.
    expect(elapsedMs).toBeGreaterThanOrEqual(2 * deadlineMs);
    expect(elapsedMs).toBeLessThan(2 * deadlineMs + marginMs);
  });

  it('does not retry a body that trickles past the deadline: TIMEOUT after exactly 1 delete and its follow-up read', async () => {
    const body = JSON.stringify(c.successBody);
    // One byte per 50 ms takes seconds in all; no single gap comes near the deadline.
    expect(body.length * 50).toBeGreaterThan(3000);

    const { response, elapsedMs, received, attempts } = await deleteWith(trickle(200, body, 50));

    expect(response.body).toEqual(timeoutPayload);
    expect(received).toEqual([...h.deletes(1), h.followUpRead()]);
    expect(attempts).toBe(1);
    expect(elapsedMs).toBeLessThan(2 * deadlineMs + marginMs);
  });

  it('retries a refused connection twice, then answers UpstreamError UNREACHABLE', async () => {
    const response = await refusedGateway.graphql(c.mutation, { variables: { id: c.id } });

    expect(response.body).toEqual(
      h.upstreamError({
        message: `${c.name} could not be reached (ECONNREFUSED); the request never reached it.`,
        reason: 'UNREACHABLE',
        retryable: true,
        vendorCode: null,
        status: null,
      }),
    );
    // Nothing listens, so nothing can count requests: the gateway's audit record counts its attempts.
    expect(refusedGateway.auditRecords().at(-1)?.attempts).toBe(1 + retries);
  });

  it('retries a connection reset before the request was sent: 3 connections, 0 requests, UNREACHABLE', async () => {
    // A fresh gateway: an idle keep-alive connection from an earlier test would not be reset.
    const rig = await startRig({ upstreamRetries: retries });
    try {
      const fake = rig.fakes[c.vendor];
      fake.resetConnections(Number.POSITIVE_INFINITY);

      const { response, received, connections, attempts } = await h.deleteWith(rig.gateway, fake);

      expect(response.body).toEqual(
        h.upstreamError({
          message: `${c.name} could not be reached (ECONNRESET); the request never reached it.`,
          reason: 'UNREACHABLE',
          retryable: true,
          vendorCode: null,
          status: null,
        }),
      );
      expect(connections).toBe(1 + retries);
      expect(received).toEqual([]);
      expect(attempts).toBe(1 + retries);
    } finally {
      await rig.close();
    }
  });

  it('recovers when connections reset before sending twice and the third gets through', async () => {
    const rig = await startRig({ upstreamRetries: retries });
    try {
      const fake = rig.fakes[c.vendor];
      fake.resetConnections(2);

      const { response, received, connections } = await h.deleteWith(rig.gateway, fake, h.successReply());

      expect(response.body).toEqual(h.successPayload());
      expect(connections).toBe(3);
      expect(received).toEqual(h.deletes(1));
    } finally {
      await rig.close();
    }
  });

  it('does not retry a connection reset after the request was sent: CONNECTION_LOST, the delete may have happened, and one follow-up read', async () => {
    const { response, received, attempts, followUp } = await deleteWith(resetAfterRequest());

    expect(response.body).toEqual(
      h.upstreamError({
        message: `The connection to ${c.name} broke after the request was sent (ECONNRESET); the delete may or may not have happened.`,
        reason: 'CONNECTION_LOST',
        retryable: true,
        vendorCode: null,
        status: null,
      }),
    );
    expect(received).toEqual([...h.deletes(1), h.followUpRead()]);
    expect(attempts).toBe(1);
    expect(followUp).toBe('READ_FAILED');
  });

  it('does not retry a 500: SERVER_ERROR after exactly 1 delete and its follow-up read', async () => {
    const { response, received, attempts, followUp } = await deleteWith(h.serverErrorReply(500));

    expect(response.body).toEqual(h.serverErrorPayload(500));
    expect(received).toEqual([...h.deletes(1), h.followUpRead()]);
    expect(attempts).toBe(1);
    expect(followUp).toBe('READ_FAILED');
  });

  it('retries a 503 twice, then answers SERVER_ERROR after exactly 3 deletes and one follow-up read', async () => {
    const { response, elapsedMs, received, attempts, followUp } = await deleteWith(h.serverErrorReply(503));

    expect(response.body).toEqual(h.serverErrorPayload(503));
    // The read after the last 503 is sent once: a follow-up read is never retried, not even after a 503.
    expect(received).toEqual([...h.deletes(3), h.followUpRead()]);
    expect(attempts).toBe(3);
    expect(followUp).toBe('READ_FAILED');
    // Full-jitter backoff from 100 ms: the two waits together stay well under a second.
    expect(elapsedMs).toBeLessThan(marginMs);
  });

  it('retries an HTML 503 page like any 503: SERVER_ERROR after 3 deletes and one follow-up read', async () => {
    const { response, received } = await deleteWith(text(503, htmlPage, 'text/html'));

    expect(response.body).toEqual(bareServerError(503));
    expect(received).toEqual([...h.deletes(3), h.followUpRead()]);
  });

  it('retries a 429 without Retry-After twice, then answers RateLimitedError with retryAfterSeconds null', async () => {
    const { response, elapsedMs, received, attempts } = await deleteWith(h.rateLimitedReply());

    expect(response.body).toEqual(h.rateLimitedPayload(null));
    expect(received).toEqual(h.deletes(3));
    expect(attempts).toBe(3);
    expect(elapsedMs).toBeLessThan(marginMs);
  });

  it('waits out a Retry-After of 1 s (within the 5 s cap) before each retry: 3 calls', async () => {
    const { response, elapsedMs, received } = await deleteWith(h.rateLimitedReply({ 'retry-after': '1' }));

    expect(response.body).toEqual(h.rateLimitedPayload(1));
    expect(received).toEqual(h.deletes(3));
    expect(elapsedMs).toBeGreaterThanOrEqual(2 * 1000 - 50);
    expect(elapsedMs).toBeLessThan(2 * 1000 + marginMs);
  });

  it('answers a Retry-After of 10 s (past the 5 s cap) at once: RateLimitedError after exactly 1 call', async () => {
    const { response, elapsedMs, received, attempts } = await deleteWith(
      h.rateLimitedReply({ 'retry-after': '10' }),
    );

    expect(response.body).toEqual(h.rateLimitedPayload(10));
    expect(received).toEqual(h.deletes(1));
    expect(attempts).toBe(1);
    expect(elapsedMs).toBeLessThan(1000);
  });

  it('takes its Retry-After cap from configuration: with a cap of 0, Retry-After 1 is answered after 1 call', async () => {
    const capped = await startTestGateway({
      ...vendorsAt({ BLAND: fakes.BLAND.url, BOLNA: fakes.BOLNA.url }),
      upstreamTimeoutMs: deadlineMs,
      upstreamRetries: retries,
      retryAfterCapSeconds: 0,
    });
    try {
      const { response, elapsedMs, received } = await deleteWith(
        h.rateLimitedReply({ 'retry-after': '1' }),
        capped,
      );

      expect(response.body).toEqual(h.rateLimitedPayload(1));
      expect(received).toEqual(h.deletes(1));
      expect(elapsedMs).toBeLessThan(1000);
    } finally {
      await capped.close();
    }
  });

  it('does not retry an HTML page on a 200: BAD_RESPONSE after 1 call', async () => {
    const { response, received } = await deleteWith(text(200, htmlPage, 'text/html'));

    expect(response.body).toEqual(badResponse(200, 'a text/html body'));
    expect(received).toEqual(h.deletes(1));
  });

  it('does not retry an HTML page on a 502: SERVER_ERROR with status 502 after 1 delete and its follow-up read', async () => {
    const { response, received } = await deleteWith(text(502, htmlPage, 'text/html'));

    expect(response.body).toEqual(bareServerError(502));
    expect(received).toEqual([...h.deletes(1), h.followUpRead()]);
  });

  it('does not retry truncated JSON on a 200: BAD_RESPONSE after 1 call', async () => {
    const truncated = JSON.stringify(c.successBody).slice(0, 20);

    const { response, received } = await deleteWith(json(200, truncated));

    expect(response.body).toEqual(badResponse(200, 'a body that is not valid JSON'));
    expect(received).toEqual(h.deletes(1));
  });

  it('does not retry a 2 MB body on a 200: BAD_RESPONSE after 1 call', async () => {
    const { response, received } = await deleteWith(text(200, twoMegabytesOfGarbage, 'application/json'));

    expect(response.body).toEqual(badResponse(200, 'a body over the size limit'));
    expect(received).toEqual(h.deletes(1));
  });

  it('retries a 503 with a 2 MB body like any 503: SERVER_ERROR after 3 deletes and one follow-up read', async () => {
    const { response, received } = await deleteWith(text(503, twoMegabytesOfGarbage, 'application/json'));

    expect(response.body).toEqual(bareServerError(503));
    expect(received).toEqual([...h.deletes(3), h.followUpRead()]);
  });

  it('does not retry a success body served as text/html: BAD_RESPONSE after 1 call', async () => {
    const { response, received } = await deleteWith(
      text(200, JSON.stringify(c.successBody), 'text/html; charset=utf-8'),
    );

    expect(response.body).toEqual(badResponse(200, 'a text/html body'));
    expect(received).toEqual(h.deletes(1));
  });

  it('answers the success of a vendor that recovers: 503, 503, then success in 3 calls', async () => {
    const { response, received, attempts } = await deleteWith(
      sequence(h.serverErrorReply(503), h.serverErrorReply(503), h.successReply()),
    );

    expect(response.body).toEqual(h.successPayload());
    expect(received).toEqual(h.deletes(3));
    expect(attempts).toBe(3);
  });

  it('answers the success of a vendor that stops throttling: 429, then success in 2 calls', async () => {
    const { response, received, attempts } = await deleteWith(
      sequence(h.rateLimitedReply(), h.successReply()),
    );

    expect(response.body).toEqual(h.successPayload());
    expect(received).toEqual(h.deletes(2));
    expect(attempts).toBe(2);
  });

  it('never sends a fourth delete: after 503 three times, a follow-up read that finds the item still there sends none', async () => {
    const { response, received, attempts, followUp } = await deleteWith(
      sequence(
        h.serverErrorReply(503),
        h.serverErrorReply(503),
        h.serverErrorReply(503),
        itemPresent(c.vendor, c.id),
        h.successReply(),
      ),
    );

    // The three deletes spent every retry, so the read's finding sends nothing again.
    expect(response.body).toEqual(h.serverErrorPayload(503));
    expect(received).toEqual([...h.deletes(3), h.followUpRead()]);
    expect(attempts).toBe(3);
    expect(followUp).toBe('ITEM_PRESENT');
  });
});

describe.each(byName)('%s: circuit breaker', (_name, c) => {
  const h = helpersFor(c);
  const o = helpersFor(caseOf(c.other));
  let rig: Rig;
  let fake: FakeVendor;

  beforeEach(async () => {
    rig = await startRig({
      upstreamRetries: 0,
      circuitFailureThreshold: threshold,
      circuitCooldownMs: cooldownMs,
    });
    fake = rig.fakes[c.vendor];
    rig.fakes[c.other].setReply(o.successReply());
  });
  afterEach(async () => {
    await rig.close();
  });

  const deleteWith = (reply?: Reply) => h.deleteWith(rig.gateway, fake, reply);

  /** Each vendor's circuit, as `gateway { vendors { vendor circuit } }` reports it. */
  async function circuits(): Promise<Record<Vendor, string>> {
    const { body } = await rig.gateway.graphql(circuitQuery);
    const gatewayInfo = body.data?.gateway as { vendors: { vendor: Vendor; circuit: string }[] } | undefined;
    expect(gatewayInfo?.vendors).toHaveLength(2);
    const entries = (gatewayInfo?.vendors ?? []).map(({ vendor, circuit }) => [vendor, circuit]);
    return Object.fromEntries(entries) as Record<Vendor, string>;
  }

  // The breaker counts failed calls, and a follow-up read is a call: a delete that fails
  // ambiguously (a 500, a timeout) and the read after it, failing the same way, are two failures
  // in a row. With a threshold of 3, the second such delete opens the circuit, and the circuit
  // then refuses that delete's own follow-up read, unsent.
  /** Three 500s in a row (delete, follow-up read, delete) through `through`: the third opens the circuit. */
  async function openCircuit(through: TestGateway = rig.gateway) {
    const before = fake.requests.length;
    for (let call = 1; call <= 2; call += 1) {
      const { response } = await h.deleteWith(through, fake, h.serverErrorReply(500));
      expect(response.body).toEqual(h.serverErrorPayload(500));
    }
    expect(fake.requests.slice(before)).toEqual([...h.deletes(1), h.followUpRead(), ...h.deletes(1)]);
  }

  it(`opens after ${threshold} 500s in a row, the follow-up read's included, then answers CIRCUIT_OPEN without calling the vendor`, async () => {
    const first = await deleteWith(h.serverErrorReply(500));
    expect(first.received).toEqual([...h.deletes(1), h.followUpRead()]);
    expect((await circuits())[c.vendor]).toBe('CLOSED');
    const second = await deleteWith(h.serverErrorReply(500));
    expect(second.response.body).toEqual(h.serverErrorPayload(500));
    expect(second.received).toEqual(h.deletes(1));
    expect(second.followUp).toBe('READ_FAILED');
    expect((await circuits())[c.vendor]).toBe('OPEN');

    const { response, received, attempts } = await deleteWith(h.successReply());

    expect(response.status).toBe(200);
    expect(response.body).toEqual(h.circuitOpenPayload());
    expect(received).toEqual([]);
    expect(attempts).toBe(0);
  });

  it('shows the open circuit in gateway { vendors } and in /ready, which stays 200', async () => {
    await openCircuit();

    const query = await rig.gateway.graphql(circuitQuery);
    expect(query.body).toEqual({
      data: {
        gateway: {
          vendors: [
            { vendor: 'BLAND', circuit: c.vendor === 'BLAND' ? 'OPEN' : 'CLOSED' },
            { vendor: 'BOLNA', circuit: c.vendor === 'BOLNA' ? 'OPEN' : 'CLOSED' },
          ],
        },
      },
    });

    const ready = await fetch(`${rig.gateway.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      vendors: { [c.vendor]: { circuit: 'OPEN' }, [c.other]: { circuit: 'CLOSED' } },
      store: 'memory',
    });
  });

  it(`keeps ${c.other}'s circuit closed and its deletes working while ${c.vendor}'s is open`, async () => {
    await openCircuit();
    const otherFake = rig.fakes[c.other];

    const other = await o.deleteWith(rig.gateway, otherFake);

    expect(other.response.body).toEqual(o.successPayload());
    expect(other.received).toEqual(o.deletes(1));
    expect(await circuits()).toEqual({ [c.vendor]: 'OPEN', [c.other]: 'CLOSED' });
  });

  it('lets one probe through after the cool-down and closes the circuit when it succeeds', async () => {
    await openCircuit();
    await sleep(cooldownMs + 100);

    const probe = await deleteWith(h.successReply());

    expect(probe.response.body).toEqual(h.successPayload());
    expect(probe.received).toEqual(h.deletes(1));
    expect((await circuits())[c.vendor]).toBe('CLOSED');

    const next = await deleteWith();
    expect(next.response.body).toEqual(h.successPayload());
    expect(next.received).toEqual(h.deletes(1));
  });

  it('reopens the circuit when the probe fails, and fails fast again', async () => {
    await openCircuit();
    await sleep(cooldownMs + 100);

    const probe = await deleteWith(h.serverErrorReply(500));

    expect(probe.response.body).toEqual(h.serverErrorPayload(500));
    // The failed probe reopens the circuit at once, so its follow-up read is refused, unsent.
    expect(probe.received).toEqual(h.deletes(1));
    expect(probe.followUp).toBe('READ_FAILED');
    expect((await circuits())[c.vendor]).toBe('OPEN');

    const next = await deleteWith(h.successReply());
    expect(next.response.body).toEqual(h.circuitOpenPayload());
    expect(next.received).toEqual([]);
  });

  it('shows HALF_OPEN while the single probe is in flight, and lets no second call through', async () => {
    await openCircuit();
    await sleep(cooldownMs + 100);
    fake.setReply(hang());
    const before = fake.requests.length;

    const probe = rig.gateway.graphql(c.mutation, { variables: { id: c.id } });
    for (let poll = 0; poll < 100 && fake.requests.length === before; poll += 1) await sleep(5);
    expect(fake.requests.length).toBe(before + 1);
    expect((await circuits())[c.vendor]).toBe('HALF_OPEN');
    const second = rig.gateway.graphql(c.mutation, { variables: { id: c.id } });

    expect((await probe).body).toEqual(
      h.upstreamError({
        message: `${c.name} gave no complete answer within ${deadlineMs} ms; the delete may or may not have happened.`,
        reason: 'TIMEOUT',
        retryable: true,
        vendorCode: null,
        status: null,
      }),
    );
    expect((await second).body).toEqual(h.circuitOpenPayload());
    // Neither the second call nor the probe's follow-up read (refused by the reopened circuit) was sent.
    expect(fake.requests.length).toBe(before + 1);
    expect((await circuits())[c.vendor]).toBe('OPEN');
  });

  it(`opens after ${threshold} timeouts in a row, the follow-up read's included`, async () => {
    for (let call = 1; call <= 2; call += 1) await deleteWith(hang());
    expect(fake.requests).toEqual([...h.deletes(1), h.followUpRead(), ...h.deletes(1)]);

    const { response, received } = await deleteWith(h.successReply());

    expect(response.body).toEqual(h.circuitOpenPayload());
    expect(received).toEqual([]);
  });

  it(`opens after ${threshold} unreachable calls in a row (connections reset before sending)`, async () => {
    fake.resetConnections(threshold);
    for (let call = 1; call <= threshold; call += 1) {
      const { response } = await deleteWith(h.successReply());
      expect(response.body).toMatchObject({ data: { [c.field]: { reason: 'UNREACHABLE' } } });
    }
    expect(fake.connections).toBe(threshold);

    const { response, connections, received } = await deleteWith(h.successReply());

    expect(response.body).toEqual(h.circuitOpenPayload());
    expect(connections).toBe(0);
    expect(received).toEqual([]);
  });

  it('does not count 429s or 404s toward opening the circuit', async () => {
    for (let call = 1; call <= 5; call += 1) {
      const { response } = await deleteWith(h.rateLimitedReply());
      expect(response.body).toEqual(h.rateLimitedPayload(null));
    }
    expect((await circuits())[c.vendor]).toBe('CLOSED');

    for (let call = 1; call <= 5; call += 1) {
      const { response } = await deleteWith(json(404, c.notFoundBody));
      expect(response.body).toEqual({ data: { [c.field]: c.notFoundPayload } });
    }
    expect((await circuits())[c.vendor]).toBe('CLOSED');
    expect(fake.requests).toEqual(h.deletes(10));
  });

  it('counts only failures in a row: a success between them starts the count again', async () => {
    // Each 500 is two failures (the delete and its follow-up read): 2, then none, then 2 again.
    for (const reply of [500, 200, 500]) {
      await deleteWith(reply === 200 ? h.successReply() : h.serverErrorReply(500));
    }
    expect((await circuits())[c.vendor]).toBe('CLOSED');

    await deleteWith(h.serverErrorReply(500));
    expect((await circuits())[c.vendor]).toBe('OPEN');
    const deleteAndRead = [...h.deletes(1), h.followUpRead()];
    expect(fake.requests).toEqual([...deleteAndRead, ...h.deletes(1), ...deleteAndRead, ...h.deletes(1)]);
  });

  it('answers CIRCUIT_OPEN at once when retries are on: the gateway does not retry it', async () => {
    const retrying = await startTestGateway({
      ...vendorsAt({ BLAND: rig.fakes.BLAND.url, BOLNA: rig.fakes.BOLNA.url }),
      upstreamTimeoutMs: deadlineMs,
      upstreamRetries: retries,
      circuitFailureThreshold: threshold,
      circuitCooldownMs: cooldownMs,
    });
    try {
      await openCircuit(retrying);

      const { response, received, elapsedMs } = await h.deleteWith(retrying, fake, h.successReply());

      expect(response.body).toEqual(h.circuitOpenPayload());
      expect(received).toEqual([]);
      expect(elapsedMs).toBeLessThan(cooldownMs);
    } finally {
      await retrying.close();
    }
  });
});

describe('after every fault above', () => {
  it('still answers /health with 200 and /ready with 200', async () => {
    const health = await fetch(`${gateway.url}/health`);
    await health.arrayBuffer();
    expect(health.status).toBe(200);

    const ready = await fetch(`${gateway.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      vendors: { BLAND: { circuit: 'CLOSED' }, BOLNA: { circuit: 'CLOSED' } },
      store: 'memory',
    });
  });

  it.each(byName)('still deletes through %s in exactly 1 call', async (_name, c) => {
    const h = helpersFor(c);

    const { response, received } = await h.deleteWith(gateway, fakes[c.vendor], h.successReply());

    expect(response.body).toEqual(h.successPayload());
    expect(received).toEqual(h.deletes(1));
  });
});
