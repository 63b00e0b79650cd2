import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  byId,
  delayed,
  type FakeVendor,
  json,
  type Reply,
  resetAfterRequest,
  startFakeVendor,
  text,
} from '../helpers/fake-vendor.js';
import { followUpRead } from '../helpers/follow-up.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../helpers/test-gateway.js';

const blandKey = 'sk-bulk-bland-key';
const bolnaKey = 'bn-bulk-bolna-key';
const deadlineMs = 1000;
/** The vendor's delay for the concurrency tests: long enough to overlap, short enough to stay fast. */
const slowMs = 50;
const defaultConcurrency = 8;

/** Every field of the `Error` members both payload unions share. */
const sharedErrorFields = `
    __typename
    ... on Error { message vendor vendorCode retryable }
    ... on InvalidInputError { field }
    ... on RateLimitedError { retryAfterSeconds }
    ... on UpstreamError { reason status }`;

/** `deletePersonas` selecting every field of every member of `DeletePersonaPayload`. */
const deletePersonasMutation = `mutation DeletePersonas($ids: [ID!]!, $force: Boolean! = false) {
  deletePersonas(ids: $ids, force: $force) {
    ... on DeletePersonaSuccess { personaId message }
    ... on PersonaNotFoundError { personaId }
    ... on PersonaInUseError { personaId phoneNumbers suggestion }${sharedErrorFields}
  }
}`;

/** `deleteDispositions` selecting every field of every member of `DeleteDispositionPayload`. */
const deleteDispositionsMutation = `mutation DeleteDispositions($ids: [ID!]!) {
  deleteDispositions(ids: $ids) {
    ... on DeleteDispositionSuccess { dispositionId message }
    ... on DispositionNotFoundError { dispositionId }${sharedErrorFields}
  }
}`;

type Vendor = 'BLAND' | 'BOLNA';
type Payload = Record<string, unknown>;

interface BulkCase {
  vendor: Vendor;
  name: 'Bland' | 'Bolna';
  field: 'deletePersonas' | 'deleteDispositions';
  mutation: string;
  /** The single-delete field and its whole-payload document. */
  single: { field: 'deletePersona' | 'deleteDisposition'; mutation: string };
  /** The `n`th well-formed id. */
  id: (n: number) => string;
  /** The request target the vendor must receive for `id`. */
  path: (id: string) => string;
  /** An id the gateway refuses before any call, and what it says about it. */
  hostileId: string;
  hostileMessage: string;
  /** The audit record's `force` for a delete with the default arguments. */
  force: boolean | null;
  successTypename: string;
  successReply: Reply;
  success: (id: string) => Payload;
  notFoundReply: Reply;
  notFound: (id: string) => Payload;
  serverErrorReply: Reply;
  serverError: Payload;
  rateLimitedReply: Reply;
  rateLimited: Payload;
  /** A failure only this vendor has: Bland's persona in use, Bolna's disposition of another owner. */
  own: { reply: Reply; payload: (id: string) => Payload };
}

const inUseDetails = {
  phone_numbers_using: ['+15551234567', '+15551234568'],
  suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
};

const blandCase: BulkCase = {
  vendor: 'BLAND',
  name: 'Bland',
  field: 'deletePersonas',
  mutation: deletePersonasMutation,
  single: { field: 'deletePersona', mutation: deletePersonaMutation },
  id: (n) => `persona-${n}`,
  path: (id) => `/v1/personas/${id}?force=false`,
  hostileId: '../admin',
  hostileMessage: 'The id must be letters, digits, "_" and "-".',
  force: false,
  successTypename: 'DeletePersonaSuccess',
  successReply: json(200, { data: { success: true, message: 'Persona deleted successfully' }, errors: null }),
  success: (personaId) => ({
    __typename: 'DeletePersonaSuccess',
    personaId,
    message: 'Persona deleted successfully',
  }),
  notFoundReply: json(404, {
    data: null,
    errors: [{ error: 'PERSONA_NOT_FOUND', message: 'Persona not found' }],
  }),
  notFound: (personaId) => ({
    __typename: 'PersonaNotFoundError',
    personaId,
    message: 'Persona not found',
    vendor: 'BLAND',
    vendorCode: 'PERSONA_NOT_FOUND',
    retryable: false,
  }),
  serverErrorReply: json(500, {
    data: null,
    errors: [{ error: 'SERVICE_ERROR', message: 'Try again later' }],
  }),
  serverError: {
    __typename: 'UpstreamError',
    message: 'Bland answered HTTP 500: Try again later',
    vendor: 'BLAND',
    vendorCode: 'SERVICE_ERROR',
    retryable: true,
    reason: 'SERVER_ERROR',
    status: 500,
  },
  rateLimitedReply: json(429, {
    error: 'concurrency_limit_reached',
    limit: 5,
    message: 'Concurrency limit reached',
  }),
  rateLimited: {
    __typename: 'RateLimitedError',
    message: 'Concurrency limit reached',
    vendor: 'BLAND',
    vendorCode: 'concurrency_limit_reached',
    retryable: true,
    retryAfterSeconds: null,
  },
  own: {
    reply: json(409, {
      data: null,
      errors: [
        {
          error: 'PERSONA_IN_USE',
          message: 'Cannot delete persona that is currently in use by phone numbers',
          details: inUseDetails,
        },
      ],
    }),
    payload: (personaId) => ({
      __typename: 'PersonaInUseError',
      personaId,
      message: 'Cannot delete persona that is currently in use by phone numbers',
      vendor: 'BLAND',
      vendorCode: 'PERSONA_IN_USE',
      retryable: false,
      phoneNumbers: inUseDetails.phone_numbers_using,
      suggestion: inUseDetails.suggestion,
    }),
  },
};

const bolnaCase: BulkCase = {
  vendor: 'BOLNA',
  name: 'Bolna',
  field: 'deleteDispositions',
  mutation: deleteDispositionsMutation,
  single: { field: 'deleteDisposition', mutation: deleteDispositionMutation },
  id: (n) => `3fa85f64-5717-4562-b3fc-${String(n).padStart(12, '0')}`,
  path: (id) => `/dispositions/${id}`,
  hostileId: 'not-a-uuid',
  hostileMessage: 'The id must be a UUID.',
  force: null,
  successTypename: 'DeleteDispositionSuccess',
  // Bolna's success names the id it deleted.
  successReply: byId((id) => json(200, { message: 'Disposition deleted successfully', id })),
  success: (dispositionId) => ({
    __typename: 'DeleteDispositionSuccess',
    dispositionId,
    message: 'Disposition deleted successfully',
  }),
  notFoundReply: json(404, { error: 404, message: 'Disposition not found' }),
  notFound: (dispositionId) => ({
    __typename: 'DispositionNotFoundError',
    dispositionId,
    message: 'Disposition not found',
    vendor: 'BOLNA',
    vendorCode: '404',
    retryable: false,
  }),
  serverErrorReply: json(500, { error: 500, message: 'Try again later' }),
  serverError: {
    __typename: 'UpstreamError',
    message: 'Bolna answered HTTP 500: Try again later',
    vendor: 'BOLNA',
    vendorCode: '500',
    retryable: true,
    reason: 'SERVER_ERROR',
    status: 500,
  },
  rateLimitedReply: json(429, { error: 429, message: 'Rate limit exceeded' }),
  rateLimited: {
    __typename: 'RateLimitedError',
    message: 'Rate limit exceeded',
    vendor: 'BOLNA',
    vendorCode: '429',
    retryable: true,
    retryAfterSeconds: null,
  },
  own: {
    reply: json(403, { error: 403, message: 'You do not own this disposition' }),
    payload: () => ({
      __typename: 'ForbiddenError',
      message: 'You do not own this disposition',
      vendor: 'BOLNA',
      vendorCode: '403',
      retryable: false,
    }),
  },
};

/** `[name, case]` pairs for `describe.each`, so titles read `Bland: ...`. */
const byName = [blandCase, bolnaCase].map((c) => [c.name, c] as const);

let fakes: Record<Vendor, FakeVendor>;
let gateway: TestGateway;

/** A gateway of its own on the shared fake vendors, for settings the shared one does not have. */
function startGatewayWith(options: TestGatewayOptions): Promise<TestGateway> {
  return startTestGateway({
    bland: { baseUrl: fakes.BLAND.url, apiKey: blandKey },
    bolna: { baseUrl: fakes.BOLNA.url, apiKey: bolnaKey },
    upstreamTimeoutMs: deadlineMs,
    ...options,
  });
}

beforeAll(async () => {
  fakes = { BLAND: await startFakeVendor(), BOLNA: await startFakeVendor() };
  gateway = await startGatewayWith({});
});

afterAll(async () => {
  await gateway?.close();
  await fakes?.BLAND.close();
  await fakes?.BOLNA.close();
});

beforeEach(() => {
  fakes.BLAND.requests.length = 0;
  fakes.BOLNA.requests.length = 0;
});

/** `count` distinct well-formed ids, numbered from `from`. */
function idsOf(c: BulkCase, count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, n) => c.id(from + n));
}

/** What a vendor received, as `METHOD target`, sorted: concurrent calls arrive in no fixed order. */
function received(vendor: FakeVendor): string[] {
  return vendor.requests.map(({ method, url }) => `${method} ${url}`).sort();
}

/**
 * The calls the vendor must have received for `ids`, sorted like {@link received}: a delete each,
 * and for each of `followedUp` (ids whose delete ended ambiguous) the one read after it.
 */
function callsFor(c: BulkCase, ids: readonly string[], followedUp: readonly string[] = []): string[] {
  const reads = followedUp.map((id) => followUpRead(c.vendor, id));
  return [
    ...ids.map((id) => `DELETE ${c.path(id)}`),
    ...reads.map(({ method, url }) => `${method} ${url}`),
  ].sort();
}

/** Polls until `condition` holds, for at most `timeoutMs`. */
async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(2);
  }
}

describe.each(byName)('%s bulk delete', (_name, c) => {
  const fake = () => fakes[c.vendor];
  const bulk = (ids: readonly string[], through: TestGateway = gateway) =>
    through.graphql(c.mutation, { variables: { ids } });
  const answered = (payloads: Payload[]) => ({ data: { [c.field]: payloads } });

  it('answers in input order even when the vendor answers the later ids first', async () => {
    const ids = idsOf(c, defaultConcurrency);
    // The first id waits longest, the last shortest: the vendor finishes them in reverse.
    const vendor = delayed((id) => (defaultConcurrency - ids.indexOf(id)) * 5, c.successReply);
    fake().setReply(vendor.reply);

    const response = await bulk(ids);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(answered(ids.map(c.success)));
    const endedMs = (id: string) => vendor.held.find((held) => held.id === id)?.endedMs ?? Number.NaN;
    expect(endedMs(ids.at(-1) as string)).toBeLessThan(endedMs(ids[0] as string));
    expect(received(fake())).toEqual(callsFor(c, ids));
  });

  it('deletes a repeated id once and answers it in each of its places', async () => {
    const [a, b] = idsOf(c, 2) as [string, string];
    fake().setReply(byId((id) => (id === a ? c.successReply : c.notFoundReply)));

    const response = await bulk([a, b, a, a]);

    expect(response.body).toEqual(answered([c.success(a), c.notFound(b), c.success(a), c.success(a)]));
    expect(received(fake())).toEqual(callsFor(c, [a, b]));
  });

  it('answers each id with its own union member when outcomes are mixed in one call', async () => {
    const [ok, missing, broken, own, throttled] = idsOf(c, 5) as [string, string, string, string, string];
    const replies = new Map<string, Reply>([
      [ok, c.successReply],
      [missing, c.notFoundReply],
      [broken, c.serverErrorReply],
      [own, c.own.reply],
      [throttled, c.rateLimitedReply],
    ]);
    fake().setReply(byId((id) => replies.get(id) ?? json(418, 'unexpected id')));

    const response = await bulk([ok, missing, c.hostileId, broken, own, throttled]);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      answered([
        c.success(ok),
        c.notFound(missing),
        {
          __typename: 'InvalidInputError',
          message: c.hostileMessage,
          vendor: c.vendor,
          vendorCode: null,
          retryable: false,
          field: 'id',
        },
        c.serverError,
        c.own.payload(own),
        c.rateLimited,
      ]),
    );
    // The hostile id is refused before any call; every other id is called once, and the 500's
    // delete is followed by one read, which meets the same 500.
    expect(received(fake())).toEqual(callsFor(c, [ok, missing, broken, own, throttled], [broken]));
  });

  it('never fails the rest for one bad id: a broken connection, a garbage body and an empty id stay their own', async () => {
    const [first, cut, middle, garbage, last] = idsOf(c, 5) as [string, string, string, string, string];
    fake().setReply(
      byId((id) => {
        if (id === cut) return resetAfterRequest();
        if (id === garbage) return text(200, '<html>oops</html>', 'text/html');
        return c.successReply;
      }),
    );

    const response = await bulk([first, cut, middle, garbage, last, '']);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      answered([
        c.success(first),
        {
          __typename: 'UpstreamError',
          message: `The connection to ${c.name} broke after the request was sent (ECONNRESET); the delete may or may not have happened.`,
          vendor: c.vendor,
          vendorCode: null,
          retryable: true,
          reason: 'CONNECTION_LOST',
          status: null,
        },
        c.success(middle),
        {
          __typename: 'UpstreamError',
          message: `${c.name} answered HTTP 200 with a text/html body.`,
          vendor: c.vendor,
          vendorCode: '200',
          retryable: false,
          reason: 'BAD_RESPONSE',
          status: 200,
        },
        c.success(last),
        {
          __typename: 'InvalidInputError',
          message: 'The id is empty.',
          vendor: c.vendor,
          vendorCode: null,
          retryable: false,
          field: 'id',
        },
      ]),
    );
    // The broken connection's delete is followed by one read, broken the same way; the garbage
    // body on a 200 proves nothing but is not ambiguous for a delete, so no read follows it.
    expect(received(fake())).toEqual(callsFor(c, [first, cut, middle, garbage, last], [cut]));
  });

  it('runs 100 ids: 100 payloads in input order, one vendor call each', async () => {
    const ids = idsOf(c, 100);
    fake().setReply(c.successReply);

    const response = await bulk(ids);

    expect(response.body).toEqual(answered(ids.map(c.success)));
    expect(received(fake())).toEqual(callsFor(c, ids));
  });

  it('rejects 101 ids with a TOO_MANY_IDS GraphQL error and calls no vendor', async () => {
    fake().setReply(c.successReply);

    const response = await bulk(idsOf(c, 101));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: null,
      errors: [
        {
          message: 'A bulk delete takes at most 100 ids; this one has 101.',
          locations: [{ line: 2, column: 3 }],
          path: [c.field],
          extensions: { code: 'TOO_MANY_IDS' },
        },
      ],
    });
    expect(received(fake())).toEqual([]);
  });

  it('answers an empty list with an empty list and calls no vendor', async () => {
    const response = await bulk([]);

    expect(response.body).toEqual(answered([]));
    expect(received(fake())).toEqual([]);
  });

  it(`keeps exactly ${defaultConcurrency} ids in flight at once by default: 40 slow ids`, async () => {
    const ids = idsOf(c, 40);
    const vendor = delayed(slowMs, c.successReply);
    fake().setReply(vendor.reply);

    const response = await bulk(ids);

    expect(response.body).toEqual(answered(ids.map(c.success)));
    expect(vendor.maxInFlight).toBe(defaultConcurrency);
    expect(received(fake())).toEqual(callsFor(c, ids));
  });

  it('keeps exactly 3 ids in flight at once with bulkConcurrency 3: 40 slow ids', async () => {
    const throttled = await startGatewayWith({ bulkConcurrency: 3 });
    try {
      const ids = idsOf(c, 40);
      const vendor = delayed(slowMs, c.successReply);
      fake().setReply(vendor.reply);

      const response = await bulk(ids, throttled);

      expect(response.body).toEqual(answered(ids.map(c.success)));
      expect(vendor.maxInFlight).toBe(3);
      expect(received(fake())).toEqual(callsFor(c, ids));
    } finally {
      await throttled.close();
    }
  });

  it('sends a steady stream: a new id starts as soon as one finishes, not when the slowest of 8 does', async () => {
    const fastMs = 5;
    const groups = 4;
    const ids = idsOf(c, groups * defaultConcurrency);
    // One slow id in each group of 8: in batches of 8, each batch would wait for its slow id.
    const slowIds = ids.filter((_, n) => n % defaultConcurrency === 0);
    const vendor = delayed((id) => (slowIds.includes(id) ? slowMs : fastMs), c.successReply);
    fake().setReply(vendor.reply);

    const response = await bulk(ids);

    expect(response.body).toEqual(answered(ids.map(c.success)));
    // Never over the cap (the cap test pins it at exactly 8; here fast answers leave slots briefly empty).
    expect(vendor.maxInFlight).toBeLessThanOrEqual(defaultConcurrency);
    // Sliding window: ids after the first 8 start while the first slow id is still held; in batches
    // of 8, none would start until it is answered.
    const firstSlowEndedMs = vendor.held.find((held) => held.id === ids[0])?.endedMs ?? Number.NaN;
    const startedWhileFirstSlowHeld = vendor.held.filter((held) => held.startedMs < firstSlowEndedMs);
    expect(startedWhileFirstSlowHeld.length).toBeGreaterThan(defaultConcurrency);
    // Batches of 8, each waiting for its slow id, would take at least 4 × slowMs at the vendor; a
    // sliding window takes about slowMs + 3 × fastMs. The bound sits between them.
    const spanMs =
      Math.max(...vendor.held.map((held) => held.endedMs ?? Number.POSITIVE_INFINITY)) -
      Math.min(...vendor.held.map((held) => held.startedMs));
    expect(spanMs).toBeLessThan((groups - 0.5) * slowMs);
  });

  it('does not hold back a single delete from another HTTP request while a bulk call runs', async () => {
    const ids = idsOf(c, 40);
    const singleId = c.id(999);
    const vendor = delayed(slowMs, c.successReply);
    fake().setReply(vendor.reply);

    let bulkDone = false;
    const bulkResponse = bulk(ids).finally(() => {
      bulkDone = true;
    });
    await waitUntil(() => vendor.inFlight === defaultConcurrency);
    const started = performance.now();
    const single = await gateway.graphql(c.single.mutation, { variables: { id: singleId } });
    const singleMs = performance.now() - started;
    const singleFinishedBeforeBulk = !bulkDone;
    const bulkBody = (await bulkResponse).body;

    expect(single.body).toEqual({ data: { [c.single.field]: c.success(singleId) } });
    expect(bulkBody).toEqual(answered(ids.map(c.success)));
    expect(singleFinishedBeforeBulk).toBe(true);
    // The bulk's 8 and the single delete, side by side: the single took no slot of the bulk's.
    expect(vendor.maxInFlight).toBe(defaultConcurrency + 1);
    // About one vendor delay; queued behind the bulk's 32 waiting ids it would take 5 × slowMs.
    expect(singleMs).toBeLessThan(4 * slowMs);
  });

  it('retries a 429 without Retry-After for that id only (3 calls), leaving the other ids untouched', async () => {
    const retrying = await startGatewayWith({ upstreamRetries: 2 });
    try {
      const [before, throttled, after] = idsOf(c, 3) as [string, string, string];
      fake().setReply(byId((id) => (id === throttled ? c.rateLimitedReply : c.successReply)));

      const response = await bulk([before, throttled, after], retrying);

      expect(response.body).toEqual(answered([c.success(before), c.rateLimited, c.success(after)]));
      expect(received(fake())).toEqual(callsFor(c, [before, throttled, throttled, throttled, after]));
      const attempts = Object.fromEntries(
        retrying.auditRecords().map((record) => [record.id, record.attempts]),
      );
      expect(attempts).toEqual({ [before]: 1, [throttled]: 3, [after]: 1 });
    } finally {
      await retrying.close();
    }
  });

  it('writes one audit record per distinct id: a repeated id is audited once', async () => {
    const [a, b] = idsOf(c, 2) as [string, string];
    fake().setReply(byId((id) => (id === a ? c.successReply : c.notFoundReply)));
    const before = gateway.auditRecords().length;

    await bulk([a, b, a, a]);

    const records = gateway
      .auditRecords()
      .slice(before)
      .sort((x, y) => x.id.localeCompare(y.id));
    const record = (id: string, outcome: string, vendorStatus: number) => ({
      time: expect.any(String),
      requestId: records[0]?.requestId,
      client: 'anonymous',
      vendor: c.vendor,
      operation: c.vendor === 'BLAND' ? 'persona.delete' : 'disposition.delete',
      id,
      force: c.force,
      outcome,
      reason: null,
      vendorStatus,
      attempts: 1,
      followUp: null,
      redeleteOutcome: null,
      confirmedBy: outcome === c.successTypename ? 'VENDOR_ANSWER' : null,
      fromStore: false,
      durationMs: expect.any(Number),
    });
    expect(records).toEqual([
      record(a, c.successTypename, 200),
      record(b, c.notFound(b).__typename as string, 404),
    ]);
  });

  describe('counts a bulk field as one mutation field toward MAX_DELETE_FIELDS (10)', () => {
    /** `fields` aliased bulk fields of 5 ids each, every id distinct. */
    const operation = (fields: number) => {
      const idField = c.vendor === 'BLAND' ? 'personaId' : 'dispositionId';
      const aliases = Array.from({ length: fields }, (_, f) => {
        const ids = idsOf(c, 5, f * 5).map((id) => JSON.stringify(id));
        return `b${f}: ${c.field}(ids: [${ids.join(', ')}]) { __typename ... on ${c.successTypename} { ${idField} } }`;
      });
      return `mutation Many {\n${aliases.join('\n')}\n}`;
    };

    it('runs 10 aliased bulk fields of 5 ids each: 50 vendor calls', async () => {
      fake().setReply(c.successReply);

      const response = await gateway.graphql(operation(10));

      const idField = c.vendor === 'BLAND' ? 'personaId' : 'dispositionId';
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: Object.fromEntries(
          Array.from({ length: 10 }, (_, f) => [
            `b${f}`,
            idsOf(c, 5, f * 5).map((id) => ({ __typename: c.successTypename, [idField]: id })),
          ]),
        ),
      });
      expect(received(fake())).toEqual(callsFor(c, idsOf(c, 50)));
    });

    it('rejects 11 aliased bulk fields with TOO_MANY_MUTATION_FIELDS and calls no vendor', async () => {
      fake().setReply(c.successReply);

      const response = await gateway.graphql(operation(11));

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        errors: [
          {
            message: 'An operation may hold at most 10 mutation fields (aliases counted); this one holds 11.',
            locations: [{ line: 1, column: 1 }],
            extensions: { code: 'TOO_MANY_MUTATION_FIELDS' },
          },
        ],
      });
      expect(received(fake())).toEqual([]);
    });
  });
});

describe('Bland bulk delete with force', () => {
  it('sends force=true to Bland for every id of deletePersonas(force: true)', async () => {
    const ids = idsOf(blandCase, 3);
    fakes.BLAND.setReply(blandCase.successReply);

    const response = await gateway.graphql(deletePersonasMutation, { variables: { ids, force: true } });

    expect(response.body).toEqual({ data: { deletePersonas: ids.map(blandCase.success) } });
    expect(received(fakes.BLAND)).toEqual(ids.map((id) => `DELETE /v1/personas/${id}?force=true`).sort());
  });
});
