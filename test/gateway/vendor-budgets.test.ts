import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../../src/server/create-gateway.js';
import { type FakeVendor, json, sequence, startFakeVendor } from '../helpers/fake-vendor.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { storeVariants } from '../helpers/store-variants.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

// The Redis half needs redis-server (Debian's package): skipped without it, except in CI.

const personaId = '11111111-1111-4111-8111-111111111111';
const dispositionId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const serverKey = 'sk-budget-server-key';
const blandSuccessBody = { data: { success: true, message: 'Persona deleted successfully' }, errors: null };
const bolnaSuccessBody = { message: 'Disposition deleted successfully', id: dispositionId };
const blandSuccess = {
  __typename: 'DeletePersonaSuccess',
  personaId,
  message: 'Persona deleted successfully',
};

/** The gateway's own refusal, as GraphQL shows it, with the wait it gave. */
function budgetRefusal(retryAfterSeconds: number) {
  return {
    __typename: 'RateLimitedError',
    message: "The gateway's budget of requests to Bland is spent for this minute; nothing was sent to Bland.",
    vendor: 'BLAND',
    vendorCode: null,
    retryable: true,
    retryAfterSeconds,
  };
}

describe.each(storeVariants())('vendor budgets on the $name store', (variant) => {
  let bland: FakeVendor;
  let bolna: FakeVendor;
  let gateway: TestGateway;

  beforeAll(async () => {
    await variant.setUp();
    bland = await startFakeVendor(json(200, blandSuccessBody));
    bolna = await startFakeVendor(json(200, bolnaSuccessBody));
  });
  afterAll(async () => {
    await Promise.all([bland?.close(), bolna?.close()]);
    await variant.tearDown();
  });

  async function start(options: Partial<GatewayOptions> = {}): Promise<void> {
    gateway = await startTestGateway({
      bland: { baseUrl: bland.url, apiKey: serverKey },
      bolna: { baseUrl: bolna.url, apiKey: 'bn-budget-server-key' },
      vendorRequestsPerMinute: { BLAND: 3, BOLNA: undefined },
      ...(await variant.gatewayOptions()),
      ...options,
    });
  }
  beforeEach(() => {
    bland.requests.length = 0;
    bolna.requests.length = 0;
    bland.setReply(json(200, blandSuccessBody));
  });
  afterEach(async () => {
    await gateway?.close();
  });

  const deletePersona = async (headers: Record<string, string> = {}) => {
    const { body } = await gateway.graphql(deletePersonaMutation, { variables: { id: personaId }, headers });
    return (body.data as { deletePersona: Record<string, unknown> }).deletePersona;
  };

  it('sends the budget, then answers RateLimitedError at once with no vendor request', async () => {
    await start();
    const answers = [];
    for (let call = 0; call < 5; call++) answers.push(await deletePersona());

    expect(bland.requests).toHaveLength(3);
    const waits = answers.slice(3).map((answer) => answer.retryAfterSeconds as number);
    // The first request leaves the 60 s window a minute after it was sent: a few ms ago.
    for (const wait of waits) expect([59, 60]).toContain(wait);
    expect(answers).toEqual([
      blandSuccess,
      blandSuccess,
      blandSuccess,
      budgetRefusal(waits[0] as number),
      budgetRefusal(waits[1] as number),
    ]);
  });

  it('counts each vendor key on its own: a per-request key has a budget of its own', async () => {
    await start();
    for (let call = 0; call < 3; call++) await deletePersona();

    expect(await deletePersona({ 'x-bland-api-key': 'org_another-key' })).toEqual(blandSuccess);
    expect((await deletePersona()).__typename).toBe('RateLimitedError');
    expect(bland.requests.map(({ headers }) => headers.authorization)).toEqual([
      serverKey,
      serverKey,
      serverKey,
      'org_another-key',
    ]);
  });

  it('counts every request sent, retries included, and a refused retry ends the call', async () => {
    await start({ upstreamRetries: 2 });
    bland.setReply(sequence(json(503, {}), json(200, blandSuccessBody)));

    expect(await deletePersona()).toEqual(blandSuccess);
    expect(bland.requests).toHaveLength(2);

    bland.setReply(json(503, {}));
    const refused = await deletePersona();
    expect(bland.requests).toHaveLength(3);
    expect(refused).toEqual(budgetRefusal(refused.retryAfterSeconds as number));
  });

  it('leaves a vendor without a budget alone', async () => {
    await start();
    for (let call = 0; call < 5; call++) {
      const { body } = await gateway.graphql(deleteDispositionMutation, { variables: { id: dispositionId } });
      expect(body.data).toEqual({
        deleteDisposition: {
          __typename: 'DeleteDispositionSuccess',
          dispositionId,
          message: 'Disposition deleted successfully',
        },
      });
    }
    expect(bolna.requests).toHaveLength(5);
  });

  it('counts each refusal in gateway_vendor_budget_refusals_total by vendor', async () => {
    await start({ vendorRequestsPerMinute: { BLAND: 1, BOLNA: undefined } });
    for (let call = 0; call < 3; call++) await deletePersona();

    const exposition = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(exposition).toContain('gateway_vendor_budget_refusals_total{vendor="BLAND"} 2\n');
    expect(exposition).toContain('gateway_vendor_budget_refusals_total{vendor="BOLNA"} 0\n');
  });
});
