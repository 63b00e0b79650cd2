import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/observability/audit-log.js';
import { type FakeVendor, json, requestedId, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import {
  blandData,
  blandDeleteSuccess,
  blandError,
  blandNotFound,
  blandPersonaWire,
  bolnaDispositionWire,
} from '../helpers/vendor-bodies.js';

const timeoutMs = 300;

/** What the fake does with a delete of an item that exists. */
type DeleteFault =
  /** Deletes, then resets the connection without answering. */
  | 'delete-then-reset'
  /** Deletes, then answers 500. */
  | 'delete-then-500'
  /** Never answers and does not delete. */
  | 'hang'
  /** Never answers; the delete lands just after the next read of the item. */
  | 'land-late'
  /** Answers its success (and deletes). */
  | 'answer';

interface VendorCase {
  name: 'Bland' | 'Bolna';
  path: (id: string) => string;
  ids: [string, string];
  found: (id: string) => unknown;
  notFound: (id: string) => unknown;
  deleted: (id: string) => unknown;
  mutation: string;
  bulkMutation: string;
  field: string;
  bulkField: string;
  success: (id: string, confirmedBy: string, message: string) => Record<string, unknown>;
  goneMessage: (how: string) => string;
  vendorMessage: string;
  operation: string;
  force: boolean | null;
}

const bland: VendorCase = {
  name: 'Bland',
  path: (id) => `/v1/personas/${id}`,
  ids: ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'],
  found: (id) => blandData(blandPersonaWire(id)),
  notFound: (id) => blandNotFound(id),
  deleted: () => blandDeleteSuccess,
  mutation:
    'mutation($id: ID!) { deletePersona(id: $id) { __typename ... on DeletePersonaSuccess { personaId message confirmedBy } ... on UpstreamError { reason retryable } } }',
  bulkMutation:
    'mutation($ids: [ID!]!) { deletePersonas(ids: $ids) { __typename ... on DeletePersonaSuccess { personaId message confirmedBy } ... on UpstreamError { reason retryable } } }',
  field: 'deletePersona',
  bulkField: 'deletePersonas',
  success: (personaId, confirmedBy, message) => ({
    __typename: 'DeletePersonaSuccess',
    personaId,
    message,
    confirmedBy,
  }),
  goneMessage: (how) => `Bland's answer to the delete was lost; a follow-up ${how} found the persona gone.`,
  vendorMessage: 'Persona deleted successfully',
  operation: 'persona.delete',
  force: false,
};

const bolna: VendorCase = {
  name: 'Bolna',
  path: (id) => `/dispositions/${id}`,
  ids: ['3fa85f64-5717-4562-b3fc-2c963f66afa6', '55555555-5555-4555-8555-555555555555'],
  found: (id) => bolnaDispositionWire(id),
  notFound: () => ({ error: 404, message: 'Disposition not found' }),
  deleted: (id) => ({ message: 'Disposition deleted successfully', id }),
  mutation:
    'mutation($id: ID!) { deleteDisposition(id: $id) { __typename ... on DeleteDispositionSuccess { dispositionId message confirmedBy } ... on UpstreamError { reason retryable } } }',
  bulkMutation:
    'mutation($ids: [ID!]!) { deleteDispositions(ids: $ids) { __typename ... on DeleteDispositionSuccess { dispositionId message confirmedBy } ... on UpstreamError { reason retryable } } }',
  field: 'deleteDisposition',
  bulkField: 'deleteDispositions',
  success: (dispositionId, confirmedBy, message) => ({
    __typename: 'DeleteDispositionSuccess',
    dispositionId,
    message,
    confirmedBy,
  }),
  goneMessage: (how) =>
    `Bolna's answer to the delete was lost; a follow-up ${how} found the disposition gone.`,
  vendorMessage: 'Disposition deleted successfully',
  operation: 'disposition.delete',
  force: null,
};

/**
 * A vendor holding items, whose first delete of each item fails with `fault` and whose later
 * deletes answer honestly; a read answers the item or not found, or `readFails` a 500.
 */
function statefulVendor(
  vendor: VendorCase,
  state: { items: Set<string>; fault: DeleteFault; readFails: boolean },
) {
  const deletes = new Map<string, number>();
  const landing = new Set<string>();
  return (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    const id = requestedId(request);
    if (request.method === 'GET') {
      if (state.readFails) return json(500, { error: 500, message: 'read broke' })(request, response);
      json(state.items.has(id) ? 200 : 404, state.items.has(id) ? vendor.found(id) : vendor.notFound(id))(
        request,
        response,
      );
      if (landing.delete(id)) state.items.delete(id);
      return;
    }
    const count = (deletes.get(id) ?? 0) + 1;
    deletes.set(id, count);
    if (!state.items.has(id)) return json(404, vendor.notFound(id))(request, response);
    const fault = count === 1 ? state.fault : 'answer';
    if (fault === 'hang') return;
    if (fault === 'land-late') {
      landing.add(id);
      return;
    }
    state.items.delete(id);
    if (fault === 'delete-then-reset') request.socket.resetAndDestroy();
    else if (fault === 'delete-then-500')
      json(500, vendor.name === 'Bland' ? blandError('INTERNAL', 'boom') : { error: 500, message: 'boom' })(
        request,
        response,
      );
    else json(200, vendor.deleted(id))(request, response);
  };
}

describe.each([bland, bolna])('$name: a delete whose answer was lost is followed by one read', (vendor) => {
  let fake: FakeVendor;
  let gateway: TestGateway;
  let noRetries: TestGateway;
  const state = { items: new Set<string>(), fault: 'answer' as DeleteFault, readFails: false };
  const options = (retries: number) => ({
    [vendor.name === 'Bland' ? 'bland' : 'bolna']: { baseUrl: fake.url, apiKey: 'test-follow-up-key' },
    upstreamTimeoutMs: timeoutMs,
    upstreamRetries: retries,
  });

  beforeAll(async () => {
    fake = await startFakeVendor(statefulVendor(vendor, state));
    gateway = await startTestGateway(options(2));
    noRetries = await startTestGateway(options(0));
  });
  afterAll(async () => {
    await Promise.all([gateway.close(), noRetries.close()]);
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.setReply(statefulVendor(vendor, state));
    state.items = new Set(vendor.ids);
    state.readFails = false;
  });

  const [id, otherId] = vendor.ids;
  const requests = () => fake.requests.map(({ method, url }) => `${method} ${url.split('?')[0]}`);
  const del = (target = gateway) =>
    target
      .graphql(vendor.mutation, { variables: { id } })
      .then((response) => response.body.data?.[vendor.field]);
  const lastAudit = (target = gateway): AuditRecord | undefined => target.auditRecords().at(-1);
  const audit = (fields: Partial<AuditRecord>): AuditRecord => ({
    time: expect.any(String),
    requestId: expect.any(String),
    client: 'anonymous',
    vendor: vendor.name === 'Bland' ? 'BLAND' : 'BOLNA',
    operation: vendor.operation,
    id,
    force: vendor.force,
    outcome: vendor.field === 'deletePersona' ? 'DeletePersonaSuccess' : 'DeleteDispositionSuccess',
    reason: null,
    vendorStatus: null,
    attempts: 1,
    followUp: null,
    redeleteOutcome: null,
    confirmedBy: 'FOLLOW_UP',
    fromStore: false,
    durationMs: expect.any(Number),
    ...fields,
  });

  it('deleted, then the connection dropped: the read finds it gone, FOLLOW_UP', async () => {
    state.fault = 'delete-then-reset';

    expect(await del()).toEqual(vendor.success(id, 'FOLLOW_UP', vendor.goneMessage('read')));
    expect(requests()).toEqual([`DELETE ${vendor.path(id)}`, `GET ${vendor.path(id)}`]);
    expect(lastAudit()).toEqual(audit({ vendorStatus: 404, followUp: 'ITEM_GONE' }));
  });

  it('deleted, then answered 500: the read finds it gone, FOLLOW_UP', async () => {
    state.fault = 'delete-then-500';

    expect(await del()).toEqual(vendor.success(id, 'FOLLOW_UP', vendor.goneMessage('read')));
    expect(requests()).toEqual([`DELETE ${vendor.path(id)}`, `GET ${vendor.path(id)}`]);
    expect(lastAudit()).toEqual(audit({ vendorStatus: 404, followUp: 'ITEM_GONE' }));
  });

  it('timed out without deleting: the read finds it, the delete is sent again and answers, VENDOR_ANSWER', async () => {
    state.fault = 'hang';

    expect(await del()).toEqual(vendor.success(id, 'VENDOR_ANSWER', vendor.vendorMessage));
    expect(requests()).toEqual([
      `DELETE ${vendor.path(id)}`,
      `GET ${vendor.path(id)}`,
      `DELETE ${vendor.path(id)}`,
    ]);
    expect(lastAudit()).toEqual(
      audit({
        vendorStatus: 200,
        attempts: 2,
        followUp: 'ITEM_PRESENT',
        redeleteOutcome:
          vendor.field === 'deletePersona' ? 'DeletePersonaSuccess' : 'DeleteDispositionSuccess',
        confirmedBy: 'VENDOR_ANSWER',
      }),
    );
  });

  it('landed late: the read still finds it, the second delete answers not found, FOLLOW_UP', async () => {
    state.fault = 'land-late';

    expect(await del()).toEqual(vendor.success(id, 'FOLLOW_UP', vendor.goneMessage('second delete')));
    expect(requests()).toEqual([
      `DELETE ${vendor.path(id)}`,
      `GET ${vendor.path(id)}`,
      `DELETE ${vendor.path(id)}`,
    ]);
    expect(lastAudit()).toEqual(
      audit({
        vendorStatus: 404,
        attempts: 2,
        followUp: 'ITEM_PRESENT',
        redeleteOutcome:
          vendor.field === 'deletePersona' ? 'PersonaNotFoundError' : 'DispositionNotFoundError',
      }),
    );
  });

  it('the read fails too: the original UpstreamError', async () => {
    state.fault = 'hang';
    state.readFails = true;

    expect(await del()).toEqual({ __typename: 'UpstreamError', reason: 'TIMEOUT', retryable: true });
    expect(requests()).toEqual([`DELETE ${vendor.path(id)}`, `GET ${vendor.path(id)}`]);
    expect(lastAudit()).toEqual(
      audit({ outcome: 'UpstreamError', reason: 'TIMEOUT', followUp: 'READ_FAILED', confirmedBy: null }),
    );
  });

  it('found by the read with no retry left (UPSTREAM_RETRIES=0): the original UpstreamError, no second delete', async () => {
    state.fault = 'hang';

    expect(await del(noRetries)).toEqual({ __typename: 'UpstreamError', reason: 'TIMEOUT', retryable: true });
    expect(requests()).toEqual([`DELETE ${vendor.path(id)}`, `GET ${vendor.path(id)}`]);
    expect(lastAudit(noRetries)).toEqual(
      audit({ outcome: 'UpstreamError', reason: 'TIMEOUT', followUp: 'ITEM_PRESENT', confirmedBy: null }),
    );
  });

  it('follows up each id of a bulk delete on its own', async () => {
    state.fault = 'delete-then-500';

    const response = await gateway.graphql(vendor.bulkMutation, { variables: { ids: [id, otherId] } });

    expect(response.body.data?.[vendor.bulkField]).toEqual([
      vendor.success(id, 'FOLLOW_UP', vendor.goneMessage('read')),
      vendor.success(otherId, 'FOLLOW_UP', vendor.goneMessage('read')),
    ]);
    expect(requests().sort()).toEqual(
      [
        `DELETE ${vendor.path(id)}`,
        `GET ${vendor.path(id)}`,
        `DELETE ${vendor.path(otherId)}`,
        `GET ${vendor.path(otherId)}`,
      ].sort(),
    );
    // Each id's own read follows its own delete.
    for (const each of [id, otherId]) {
      const own = requests().filter((line) => line.endsWith(vendor.path(each)));
      expect(own).toEqual([`DELETE ${vendor.path(each)}`, `GET ${vendor.path(each)}`]);
    }
  });

  it('runs no follow-up after an answer that proves something (not found)', async () => {
    state.items.clear();

    expect(await del()).toEqual({
      __typename: vendor.field === 'deletePersona' ? 'PersonaNotFoundError' : 'DispositionNotFoundError',
    });
    expect(requests()).toEqual([`DELETE ${vendor.path(id)}`]);
  });
});
