import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { type Store, StoreUnavailableError } from '../../src/store/store.js';
import { type FakeVendor, json, requestedId, startFakeVendor } from '../helpers/fake-vendor.js';
import { deleteDispositionMutation } from '../helpers/operations.js';
import { storeVariants } from '../helpers/store-variants.js';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../helpers/test-gateway.js';
import { writeMutations } from '../helpers/write-operations.js';

const createdId = '88888888-8888-4888-8888-88888888aaaa';
const copyId = '88888888-8888-4888-8888-88888888bbbb';
const bulkIds = ['88888888-8888-4888-8888-88888888cccc', '88888888-8888-4888-8888-88888888dddd'];
const sharedId = '55555555-5555-4555-8555-555555555555';
const untouchedId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const disposition = { name: 'Outcome', question: 'How did it end?', isSubjective: true };

/**
 * Bolna as it is right after a create: the write answers with a new id, and every delete's answer
 * is lost (a 500 after deleting) while a read of any id still answers 404 (its read lag).
 */
function laggingBolna(request: IncomingMessage, response: ServerResponse) {
  const route = `${request.method} ${(request.url ?? '').split('?')[0]}`;
  if (route === 'POST /dispositions/') {
    return json(201, { message: 'Disposition created successfully', id: createdId })(request, response);
  }
  if (route === 'POST /dispositions/bulk') {
    return json(201, { message: 'Dispositions created successfully', ids: bulkIds })(request, response);
  }
  if (request.method === 'PUT') {
    return json(201, { message: 'Disposition copy created and linked to agent', id: copyId })(
      request,
      response,
    );
  }
  if (request.method === 'DELETE') return json(500, { error: 500, message: 'boom' })(request, response);
  json(404, { error: 404, message: `Disposition ${requestedId(request)} not found` })(request, response);
}

const serverError = {
  __typename: 'UpstreamError',
  message: 'Bolna answered HTTP 500: boom',
  vendor: 'BOLNA',
  vendorCode: '500',
  retryable: true,
  reason: 'SERVER_ERROR',
  status: 500,
};

let bolna: FakeVendor;
beforeAll(async () => {
  bolna = await startFakeVendor(laggingBolna);
});
afterAll(async () => {
  await bolna.close();
});

async function startLaggingGateway(options: TestGatewayOptions = {}) {
  return startTestGateway({ bolna: { baseUrl: bolna.url, apiKey: 'bn-created-memory' }, ...options });
}

async function deleteDisposition(gateway: TestGateway, id: string) {
  const response = await gateway.graphql(deleteDispositionMutation, { variables: { id } });
  return response.body.data?.deleteDisposition;
}

describe.each(storeVariants())('with the $name store', (variant) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    await variant.setUp();
    gateway = await startLaggingGateway(await variant.gatewayOptions());
  });
  afterAll(async () => {
    await gateway.close();
    await variant.tearDown();
  });

  it('create, then a delete whose answer is lost within the lag: the original UpstreamError, not a success', async () => {
    const created = await gateway.graphql(writeMutations.createDisposition, {
      variables: { input: disposition },
    });
    expect(created.body.data).toEqual({
      createDisposition: {
        __typename: 'CreateDispositionSuccess',
        dispositionId: createdId,
        message: 'Disposition created successfully',
      },
    });

    // Upper-cased, it is the same disposition.
    expect(await deleteDisposition(gateway, createdId.toUpperCase())).toEqual(serverError);
    expect(gateway.auditRecords().at(-1)).toMatchObject({
      operation: 'disposition.delete',
      outcome: 'UpstreamError',
      followUp: 'RECENTLY_CREATED',
    });
  });

  it('remembers the copy an update made and the ids of a bulk create too', async () => {
    await gateway.graphql(writeMutations.updateDisposition, {
      variables: { id: sharedId, input: { agentId: 'agt_1', name: 'Mine' } },
    });
    await gateway.graphql(writeMutations.createDispositions, {
      variables: { agentId: 'agt_1', inputs: [disposition, disposition] },
    });

    expect(await deleteDisposition(gateway, copyId)).toEqual(serverError);
    expect(await deleteDisposition(gateway, bulkIds[1] as string)).toEqual(serverError);
  });

  it('still confirms by the follow-up 404 a delete of a disposition it did not create', async () => {
    expect(await deleteDisposition(gateway, untouchedId)).toEqual({
      __typename: 'DeleteDispositionSuccess',
      dispositionId: untouchedId,
      message: "Bolna's answer to the delete was lost; a follow-up read found the disposition gone.",
    });
  });
});

describe('when the shared store cannot answer', () => {
  /** A store whose created-id memory is down, the rest of it working. */
  function storeWithoutMemory(): Store {
    const store = createMemoryStore();
    return {
      ...store,
      state: 'down',
      remember: async () => {
        throw new StoreUnavailableError('remember', 'not connected');
      },
      isRemembered: async () => {
        throw new StoreUnavailableError('isRemembered', 'not connected');
      },
    };
  }
  let gateway: TestGateway;
  afterEach(async () => {
    await gateway.close();
  });

  it('still answers the create, logs that the id is remembered by this replica only, and keeps it', async () => {
    gateway = await startLaggingGateway({
      store: storeWithoutMemory(),
      storeSecret: 'created-memory-secret',
    });

    const created = await gateway.graphql(writeMutations.createDisposition, {
      variables: { input: disposition },
    });

    expect(created.body.data).toMatchObject({
      createDisposition: { __typename: 'CreateDispositionSuccess' },
    });
    const warnings = gateway.logs.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40);
    expect(warnings.map(({ msg, storeOperation, reason }) => ({ msg, storeOperation, reason }))).toEqual([
      {
        msg: 'created-id memory: the shared store is unavailable, so a new id is remembered by this replica only',
        storeOperation: 'remember',
        reason: 'not connected',
      },
    ]);
    expect(await deleteDisposition(gateway, createdId)).toEqual(serverError);
  });

  it('never confirms a delete by a 404 it cannot judge: the original UpstreamError, and a warning', async () => {
    gateway = await startLaggingGateway({
      store: storeWithoutMemory(),
      storeSecret: 'created-memory-secret',
    });

    expect(await deleteDisposition(gateway, untouchedId)).toEqual(serverError);
    expect(gateway.auditRecords().at(-1)).toMatchObject({ followUp: 'RECENTLY_CREATED' });
    expect(gateway.logs.join('\n')).toContain(
      'created-id memory: the shared store is unavailable, so a 404 after a lost delete answer is not taken as proof',
    );
  });
});
