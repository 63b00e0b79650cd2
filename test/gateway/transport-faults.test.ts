import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  findClosedPortUrl,
  hang,
  json,
  type Reply,
  resetAfterRequest,
  startFakeVendor,
  text,
  trickle,
} from '../helpers/fake-vendor.js';
import { followUpRead } from '../helpers/follow-up.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const deadlineMs = 300;
/** Generous: this bounds the deadline, it does not benchmark it. */
const marginMs = 1500;
const twoMegabytesOfGarbage = randomBytes(2 * 1024 * 1024);

type Vendor = 'BLAND' | 'BOLNA';

interface VendorCase {
  vendor: Vendor;
  name: 'Bland' | 'Bolna';
  field: 'deletePersona' | 'deleteDisposition';
  mutation: string;
  id: string;
  /** The request target the vendor must receive for `id`. */
  path: string;
  successBody: unknown;
  successPayload: Record<string, unknown>;
}

const bolnaId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

const vendorCases: VendorCase[] = [
  {
    vendor: 'BLAND',
    name: 'Bland',
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
  },
  {
    vendor: 'BOLNA',
    name: 'Bolna',
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
  },
];

/** Sends headers at once, then never a byte of the body. */
function headersThenSilence(): Reply {
  return (request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    response.flushHeaders();
  };
}

/** Promises 100 bytes, sends a few, then drops the connection. */
function bodyCutShort(): Reply {
  return (request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    response.write('{"data":');
    setTimeout(() => response.socket?.destroy(), 20);
  };
}

/** Answers bytes that are not an HTTP response at all, then closes. */
function notHttp(): Reply {
  return (request) => {
    request.resume();
    request.socket.end('HTTX/1.1 200 OK\r\nnonsense\r\n\r\n');
  };
}

let fakes: Record<Vendor, FakeVendor>;
let gateway: TestGateway;
let refusedGateway: TestGateway;

beforeAll(async () => {
  fakes = { BLAND: await startFakeVendor(), BOLNA: await startFakeVendor() };
  gateway = await startTestGateway({
    bland: { baseUrl: fakes.BLAND.url, apiKey: 'sk-transport-test' },
    bolna: { baseUrl: fakes.BOLNA.url, apiKey: 'bn-transport-test' },
    upstreamTimeoutMs: deadlineMs,
  });
  const closedUrl = await findClosedPortUrl();
  refusedGateway = await startTestGateway({
    bland: { baseUrl: closedUrl, apiKey: 'sk-transport-test' },
    bolna: { baseUrl: closedUrl, apiKey: 'bn-transport-test' },
    upstreamTimeoutMs: deadlineMs,
  });
});

afterAll(async () => {
  await gateway?.close();
  await refusedGateway?.close();
  await fakes?.BLAND.close();
  await fakes?.BOLNA.close();
});

for (const c of vendorCases) {
  describe(`${c.name} transport faults`, () => {
    const upstreamError = (fields: {
      message: string | ReturnType<typeof expect.stringMatching>;
      reason: string;
      retryable: boolean;
      vendorCode: string | null;
      status: number | null;
    }) => ({ data: { [c.field]: { __typename: 'UpstreamError', vendor: c.vendor, ...fields } } });

    const timeoutPayload = upstreamError({
      message: `${c.name} gave no complete answer within ${deadlineMs} ms; the delete may or may not have happened.`,
      reason: 'TIMEOUT',
      retryable: true,
      vendorCode: null,
      status: null,
    });

    /** Sends the delete with `reply` in place and returns the payload, the time it took and what the vendor got. */
    async function deleteWith(reply: Reply, through: TestGateway = gateway) {
      const fake = fakes[c.vendor];
      fake.setReply(reply);
      const before = fake.requests.length;
      const started = performance.now();
      const response = await through.graphql(c.mutation, { variables: { id: c.id } });
      const elapsedMs = performance.now() - started;
      return { response, elapsedMs, received: fake.requests.slice(before) };
    }

    const oneDelete = () => [{ method: 'DELETE', url: c.path, headers: expect.any(Object) }];
    /**
     * The delete, then the one read that asks whether its lost answer hid a delete. A reply
     * answers every request, so the read meets the same fault and the delete's own answer stands.
     */
    const deleteAndFollowUpRead = () => [
      ...oneDelete(),
      { ...followUpRead(c.vendor, c.id), headers: expect.any(Object) },
    ];

    it('answers UpstreamError TIMEOUT when the vendor never answers: the delete and its follow-up read each end at the deadline', async () => {
      const { response, elapsedMs, received } = await deleteWith(hang());

      expect(response.status).toBe(200);
      expect(response.body).toEqual(timeoutPayload);
      // The delete and its follow-up read each end at the deadline.
      expect(elapsedMs).toBeGreaterThanOrEqual(2 * deadlineMs);
      expect(elapsedMs).toBeLessThan(2 * deadlineMs + marginMs);
      expect(received).toEqual(deleteAndFollowUpRead());
    });

    it('answers TIMEOUT when the vendor sends headers and then no body: the delete and its follow-up read each end at the deadline', async () => {
      const { response, elapsedMs, received } = await deleteWith(headersThenSilence());

      expect(response.body).toEqual(timeoutPayload);
      // The delete and its follow-up read each end at the deadline.
      expect(elapsedMs).toBeGreaterThanOrEqual(2 * deadlineMs);
      expect(elapsedMs).toBeLessThan(2 * deadlineMs + marginMs);
      expect(received).toEqual(deleteAndFollowUpRead());
    });

    it('answers TIMEOUT when the body trickles in a byte every 50 ms: the delete and its follow-up read each end at the total deadline', async () => {
      // A success body at one byte per 50 ms takes several seconds: far past the deadline, while no
      // single gap between chunks comes near it.
      const body = JSON.stringify(c.successBody);
      expect(body.length * 50).toBeGreaterThan(3000);

      const { response, elapsedMs, received } = await deleteWith(trickle(200, body, 50));

      expect(response.body).toEqual(timeoutPayload);
      // The delete and its follow-up read each end at the deadline.
      expect(elapsedMs).toBeGreaterThanOrEqual(2 * deadlineMs);
      expect(elapsedMs).toBeLessThan(2 * deadlineMs + marginMs);
      expect(received).toEqual(deleteAndFollowUpRead());
    });

    it('answers UpstreamError UNREACHABLE when the connection is refused', async () => {
      const response = await refusedGateway.graphql(c.mutation, { variables: { id: c.id } });

      expect(response.body).toEqual(
        upstreamError({
          message: `${c.name} could not be reached (ECONNREFUSED); the request never reached it.`,
          reason: 'UNREACHABLE',
          retryable: true,
          vendorCode: null,
          status: null,
        }),
      );
    });

    it('answers UpstreamError CONNECTION_LOST when the connection is reset after the request was sent, and after the follow-up read', async () => {
      const { response, received } = await deleteWith(resetAfterRequest());

      expect(response.body).toEqual(
        upstreamError({
          message: `The connection to ${c.name} broke after the request was sent (ECONNRESET); the delete may or may not have happened.`,
          reason: 'CONNECTION_LOST',
          retryable: true,
          vendorCode: null,
          status: null,
        }),
      );
      expect(received).toEqual(deleteAndFollowUpRead());
    });

    it('answers CONNECTION_LOST when the connection drops in the middle of the body, and again in the follow-up read', async () => {
      const { response, received } = await deleteWith(bodyCutShort());

      expect(response.body).toEqual(
        upstreamError({
          message: `The connection to ${c.name} broke after the request was sent (UND_ERR_SOCKET); the delete may or may not have happened.`,
          reason: 'CONNECTION_LOST',
          retryable: true,
          vendorCode: null,
          status: null,
        }),
      );
      expect(received).toEqual(deleteAndFollowUpRead());
    });

    it('answers BAD_RESPONSE, not retryable, when the vendor answers bytes that are not HTTP', async () => {
      const { response, received } = await deleteWith(notHttp());

      // The transport code, if any, is undici's to name; the rest of the payload is fixed.
      expect(response.body).toEqual(
        upstreamError({
          message: expect.stringMatching(
            new RegExp(
              `^${c.name} answered with something that is not HTTP( \\(HPE_[A-Z_]+\\))?; the delete may or may not have happened\\.$`,
            ),
          ),
          reason: 'BAD_RESPONSE',
          retryable: false,
          vendorCode: null,
          status: null,
        }),
      );
      expect(received).toEqual(oneDelete());
    });

    it('answers BAD_RESPONSE with status 200 for a 2 MB garbage body on a 200, and keeps serving', async () => {
      const { response, received } = await deleteWith(text(200, twoMegabytesOfGarbage, 'application/json'));

      expect(response.body).toEqual(
        upstreamError({
          message: `${c.name} answered HTTP 200 with a body over the size limit.`,
          reason: 'BAD_RESPONSE',
          retryable: false,
          vendorCode: '200',
          status: 200,
        }),
      );
      expect(received).toEqual(oneDelete());

      const next = await deleteWith(json(200, c.successBody));
      expect(next.response.body).toEqual({ data: { [c.field]: c.successPayload } });
      expect(next.received).toEqual(oneDelete());
    });

    it('answers SERVER_ERROR with status 500 for a 2 MB garbage body on a 500, and on the follow-up read, and keeps serving', async () => {
      const { response, received } = await deleteWith(text(500, twoMegabytesOfGarbage, 'application/json'));

      expect(response.body).toEqual(
        upstreamError({
          message: `${c.name} answered HTTP 500.`,
          reason: 'SERVER_ERROR',
          retryable: true,
          vendorCode: '500',
          status: 500,
        }),
      );
      expect(received).toEqual(deleteAndFollowUpRead());

      const next = await deleteWith(json(200, c.successBody));
      expect(next.response.body).toEqual({ data: { [c.field]: c.successPayload } });
      expect(next.received).toEqual(oneDelete());
    });

    it('answers BAD_RESPONSE with status 404 for a 2 MB garbage body on a 404', async () => {
      const { response, received } = await deleteWith(text(404, twoMegabytesOfGarbage, 'application/json'));

      expect(response.body).toEqual(
        upstreamError({
          message: `${c.name} answered HTTP 404 with a body over the size limit.`,
          reason: 'BAD_RESPONSE',
          retryable: false,
          vendorCode: '404',
          status: 404,
        }),
      );
      expect(received).toEqual(oneDelete());
    });

    it('still answers health checks and deletes after every fault above', async () => {
      const health = await fetch(`${gateway.url}/health`);
      await health.arrayBuffer();
      expect(health.status).toBe(200);

      const { response, received } = await deleteWith(json(200, c.successBody));
      expect(response.body).toEqual({ data: { [c.field]: c.successPayload } });
      expect(received).toEqual(oneDelete());
    });
  });
}
