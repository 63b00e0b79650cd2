import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Vendor } from '../../src/domain/vendor.js';
import {
  type FakeVendor,
  findClosedPortUrl,
  hang,
  json,
  type Reply,
  resetAfterRequest,
  startFakeVendor,
  text,
} from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { type WriteField, writeMutations } from '../helpers/write-operations.js';

const deadlineMs = 300;
const retries = 2;
const personaId = '11111111-1111-4111-8111-111111111111';
const dispositionId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const agentId = 'agt_abc123';
const disposition = { name: 'Outcome', question: 'How did it end?', isSubjective: true };

/** One write as the fault table sends it. */
interface WriteCase {
  name: string;
  vendor: Vendor;
  field: WriteField;
  variables: Record<string, unknown>;
  /** Sending it twice could make a duplicate: never retried unless provably unsent. */
  duplicates: boolean;
  /** What a lost answer means for it, as its message says. */
  unknownOutcome: string;
}

const writes: WriteCase[] = [
  {
    name: 'createPersona',
    vendor: 'BLAND',
    field: 'createPersona',
    variables: { input: { name: 'Support Agent' } },
    duplicates: true,
    unknownOutcome: 'the persona may have been created',
  },
  {
    name: 'updatePersona',
    vendor: 'BLAND',
    field: 'updatePersona',
    variables: { id: personaId, input: { name: 'Support Agent', role: 'Support' } },
    duplicates: false,
    unknownOutcome: 'the update may or may not have happened',
  },
  {
    name: 'promotePersonaDraft',
    vendor: 'BLAND',
    field: 'promotePersonaDraft',
    variables: { id: personaId },
    duplicates: true,
    unknownOutcome: 'a new production version may have been made',
  },
  {
    name: 'createDisposition',
    vendor: 'BOLNA',
    field: 'createDisposition',
    variables: { input: disposition },
    duplicates: true,
    unknownOutcome: 'the disposition may have been created',
  },
  {
    name: 'updateDisposition',
    vendor: 'BOLNA',
    field: 'updateDisposition',
    variables: { id: dispositionId, input: { name: 'Outcome' } },
    duplicates: false,
    unknownOutcome: 'the update may or may not have happened',
  },
  {
    name: 'updateDisposition with agentId',
    vendor: 'BOLNA',
    field: 'updateDisposition',
    variables: { id: dispositionId, input: { agentId, name: 'Outcome' } },
    duplicates: true,
    unknownOutcome: 'the update may have made a copy of the disposition',
  },
  {
    name: 'createDispositions',
    vendor: 'BOLNA',
    field: 'createDispositions',
    variables: { agentId, inputs: [disposition, disposition] },
    duplicates: true,
    unknownOutcome: 'the dispositions may have been created',
  },
];

const displayName = { BLAND: 'Bland', BOLNA: 'Bolna' } as const;

/** How a fault ends: the vendor requests made, and the payload. */
interface Expected {
  requests: number;
  payload: Record<string, unknown>;
}

/** A fault the vendor shows, and what each write must make of it. */
interface FaultCase {
  name: string;
  reply: Reply;
  expected: (write: WriteCase) => Expected;
}

const upstream = (
  write: WriteCase,
  fields: {
    message: string;
    reason: string;
    retryable: boolean;
    vendorCode: string | null;
    status: number | null;
  },
) => ({ __typename: 'UpstreamError', vendor: write.vendor, ...fields });

/** A write that may have taken effect: a duplicating one says so and is never `retryable`. */
function ambiguous(
  write: WriteCase,
  summary: string,
  fields: { reason: string; vendorCode: string | null; status: number | null; retryable?: boolean },
  writeMessage = `${summary}.`,
): Expected {
  const note = `${write.unknownOutcome[0]?.toUpperCase()}${write.unknownOutcome.slice(1)}`;
  return {
    requests: 1,
    payload: upstream(write, {
      ...fields,
      message: write.duplicates
        ? `${summary}. ${note}, so sending it again may make a duplicate.`
        : writeMessage,
      retryable: write.duplicates ? false : (fields.retryable ?? true),
    }),
  };
}

const faults: FaultCase[] = [
  {
    name: 'TIMEOUT',
    reply: hang(),
    expected: (write) =>
      ambiguous(
        write,
        `${displayName[write.vendor]} gave no complete answer within ${deadlineMs} ms`,
        { reason: 'TIMEOUT', vendorCode: null, status: null },
        `${displayName[write.vendor]} gave no complete answer within ${deadlineMs} ms; ${write.unknownOutcome}.`,
      ),
  },
  {
    name: 'CONNECTION_LOST',
    reply: resetAfterRequest(),
    expected: (write) => {
      const summary = `The connection to ${displayName[write.vendor]} broke after the request was sent (ECONNRESET)`;
      return ambiguous(
        write,
        summary,
        { reason: 'CONNECTION_LOST', vendorCode: null, status: null },
        `${summary}; ${write.unknownOutcome}.`,
      );
    },
  },
  {
    name: 'a 500',
    reply: text(500, 'Internal Server Error', 'text/plain'),
    expected: (write) =>
      ambiguous(write, `${displayName[write.vendor]} answered HTTP 500`, {
        reason: 'SERVER_ERROR',
        vendorCode: '500',
        status: 500,
      }),
  },
  {
    name: 'a 503',
    reply: text(503, 'Service Unavailable', 'text/plain'),
    // A proxy's 503 can follow work the vendor did: only a write that changes nothing more the second time is sent again.
    expected: (write) => {
      const summary = `${displayName[write.vendor]} answered HTTP 503`;
      const fields = { reason: 'SERVER_ERROR', vendorCode: '503', status: 503 };
      return write.duplicates
        ? ambiguous(write, summary, fields)
        : {
            requests: 1 + retries,
            payload: upstream(write, { ...fields, message: `${summary}.`, retryable: true }),
          };
    },
  },
  {
    name: 'a 429 within the Retry-After cap',
    reply: text(429, 'Too Many Requests', 'text/plain', { 'retry-after': '0' }),
    expected: (write) => ({
      requests: 1 + retries,
      payload: {
        __typename: 'RateLimitedError',
        message: `${displayName[write.vendor]} is rate limiting requests.`,
        vendor: write.vendor,
        vendorCode: '429',
        retryable: true,
        retryAfterSeconds: 0,
      },
    }),
  },
  {
    name: 'a 2xx that proves nothing',
    reply: json(200, { unexpected: true }),
    expected: (write) =>
      ambiguous(
        write,
        `${displayName[write.vendor]} answered HTTP 200 with a body that is neither its success nor its error shape`,
        { reason: 'BAD_RESPONSE', vendorCode: '200', status: 200, retryable: false },
      ),
  },
];

let fakes: Record<Vendor, FakeVendor>;
let gateway: TestGateway;
let refusedGateway: TestGateway;
const keys = { BLAND: 'sk-write-faults', BOLNA: 'bn-write-faults' };
beforeAll(async () => {
  fakes = { BLAND: await startFakeVendor(), BOLNA: await startFakeVendor() };
  const options = { upstreamTimeoutMs: deadlineMs, upstreamRetries: retries };
  gateway = await startTestGateway({
    bland: { baseUrl: fakes.BLAND.url, apiKey: keys.BLAND },
    bolna: { baseUrl: fakes.BOLNA.url, apiKey: keys.BOLNA },
    ...options,
  });
  const closedUrl = await findClosedPortUrl();
  refusedGateway = await startTestGateway({
    bland: { baseUrl: closedUrl, apiKey: keys.BLAND },
    bolna: { baseUrl: closedUrl, apiKey: keys.BOLNA },
    ...options,
  });
});
afterAll(async () => {
  await Promise.all([gateway.close(), refusedGateway.close()]);
  await Promise.all([fakes.BLAND.close(), fakes.BOLNA.close()]);
});
beforeEach(() => {
  fakes.BLAND.requests.length = 0;
  fakes.BOLNA.requests.length = 0;
});

async function send(through: TestGateway, write: WriteCase) {
  const response = await through.graphql(writeMutations[write.field], { variables: write.variables });
  expect(response.status).toBe(200);
  return response.body.data?.[write.field];
}

describe.each(faults)('$name', (fault) => {
  it.each(writes)('$name: exact vendor requests, and the right retryable', async (write) => {
    fakes[write.vendor].setReply(fault.reply);
    const { requests, payload } = fault.expected(write);

    expect(await send(gateway, write)).toEqual(payload);
    expect(fakes[write.vendor].requests).toHaveLength(requests);
    expect(gateway.auditRecords().at(-1)).toMatchObject({ attempts: requests });
  });
});

describe('UNREACHABLE (the connection is refused: the request was never sent)', () => {
  it.each(writes)('$name is retried, even when it would duplicate', async (write) => {
    expect(await send(refusedGateway, write)).toEqual(
      upstream(write, {
        message: `${displayName[write.vendor]} could not be reached (ECONNREFUSED); the request never reached it.`,
        reason: 'UNREACHABLE',
        retryable: true,
        vendorCode: null,
        status: null,
      }),
    );
    // Nothing listens, so nothing counts requests: the audit record counts the attempts.
    expect(refusedGateway.auditRecords().at(-1)).toMatchObject({ attempts: 1 + retries });
  });

  it('retries a create whose connection is reset before the request was written: 3 connections, 0 requests', async () => {
    // A fresh gateway: an idle keep-alive connection of an earlier test would not be reset.
    const fresh = await startTestGateway({
      bland: { baseUrl: fakes.BLAND.url, apiKey: keys.BLAND },
      upstreamTimeoutMs: deadlineMs,
      upstreamRetries: retries,
    });
    try {
      const connectionsBefore = fakes.BLAND.connections;
      fakes.BLAND.resetConnections(Number.POSITIVE_INFINITY);
      const [createPersona] = writes as [WriteCase];

      expect(await send(fresh, createPersona)).toEqual(
        upstream(createPersona, {
          message: 'Bland could not be reached (ECONNRESET); the request never reached it.',
          reason: 'UNREACHABLE',
          retryable: true,
          vendorCode: null,
          status: null,
        }),
      );
      expect(fakes.BLAND.connections - connectionsBefore).toBe(1 + retries);
      expect(fakes.BLAND.requests).toEqual([]);
    } finally {
      fakes.BLAND.resetConnections(0);
      await fresh.close();
    }
  });
});

describe('a mixed run of one operation', () => {
  it('answers each write on its own: a lost create, then an update the vendor proves', async () => {
    let calls = 0;
    fakes.BOLNA.setReply((request, response) => {
      calls += 1;
      if (calls === 1) return resetAfterRequest()(request, response);
      json(200, { message: 'Disposition updated successfully', id: dispositionId })(request, response);
    });

    const response = await gateway.graphql(
      `mutation($input: CreateDispositionInput!, $id: ID!) {
        created: createDisposition(input: $input) { __typename ... on Error { retryable } }
        updated: updateDisposition(id: $id, input: { name: "Outcome" }) { __typename ... on UpdateDispositionSuccess { copied } }
      }`,
      { variables: { input: disposition, id: dispositionId } },
    );

    expect(response.body.data).toEqual({
      created: { __typename: 'UpstreamError', retryable: false },
      updated: { __typename: 'UpdateDispositionSuccess', copied: false },
    });
    expect(fakes.BOLNA.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'POST /dispositions/',
      `PUT /dispositions/${dispositionId}`,
    ]);
  });
});
