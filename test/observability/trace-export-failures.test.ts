import { afterEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { deletePersonaMutation } from '../helpers/operations.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { receiveTrace } from '../helpers/span-tree.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { startTestTracing, type TestTracing } from '../helpers/test-tracing.js';
import { blandDeleteSuccess } from '../helpers/vendor-bodies.js';
import { waitUntil } from '../helpers/wait-until.js';

const success = {
  data: {
    deletePersona: {
      __typename: 'DeletePersonaSuccess',
      personaId: 'persona-1',
      message: 'Persona deleted successfully',
    },
  },
};
const failedLine = 'tracing: spans could not be exported to the OTLP endpoint; later batches are still tried';
const backLine = 'tracing: the OTLP endpoint takes spans again';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

async function start(endpoint: string, env: Record<string, string> = {}) {
  const traced: TestTracing = await startTestTracing({
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '10',
    OTEL_EXPORTER_OTLP_TIMEOUT: '30000',
    ...env,
  });
  const bland: FakeVendor = await startFakeVendor(json(200, blandDeleteSuccess));
  const gateway: TestGateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: 'sk-export-failure-key' },
    tracing: traced.tracing,
  });
  closing.push(async () => {
    await gateway.close();
    await bland.close();
    // Held or refused exports would hold the shutdown's flush: bound it.
    await Promise.race([traced.tracing.shutdown(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  });
  return { ...traced, gateway };
}

function messagesOf(logs: readonly string[]): string[] {
  return logs.map((line) => JSON.parse(line).msg);
}

function traceIdsOf(gateway: TestGateway): string[] {
  return gateway.logs
    .map((line) => JSON.parse(line))
    .filter((line) => line.msg === 'graphql request')
    .map((line) => line.trace_id);
}

describe('a collector that holds every export open', () => {
  it('delays no GraphQL answer: one arrives while an export is held, and the spans follow on release', async () => {
    const receiver = await startOtlpReceiver();
    closing.push(() => receiver.close());
    receiver.hold();
    const { gateway } = await start(receiver.url);

    const first = await gateway.graphql(deletePersonaMutation, { variables: { id: 'persona-1' } });
    expect(first.body).toEqual(success);
    await waitUntil(() => receiver.held > 0, 'an export held open by the receiver');
    // The receiver answers no export until this answer has arrived: had the gateway waited for one, it never would.
    const second = await gateway.graphql(deletePersonaMutation, { variables: { id: 'persona-1' } });
    expect(second.body).toEqual(success);
    expect(receiver.held).toBeGreaterThan(0);

    receiver.release();
    const [firstTrace, secondTrace] = traceIdsOf(gateway);
    await receiveTrace(receiver, firstTrace as string, 3);
    await receiveTrace(receiver, secondTrace as string, 3);
  });
});

describe('a collector that is down', () => {
  it('delays no GraphQL answer, and the log says once that exports fail and once that they work again', async () => {
    // A port where nothing listens now, and where the receiver comes back later.
    const gone = await startOtlpReceiver();
    const { port } = new URL(gone.url);
    await gone.close();
    // The exporter retries a refused connection until its deadline: keep that short.
    const { gateway, logs } = await start(`http://127.0.0.1:${port}`, { OTEL_EXPORTER_OTLP_TIMEOUT: '300' });

    for (let request = 0; request < 3; request++) {
      const response = await gateway.graphql(deletePersonaMutation, { variables: { id: 'persona-1' } });
      expect(response.body).toEqual(success);
    }
    await waitUntil(() => messagesOf(logs).includes(failedLine), 'the export failure logged');
    // Later batches fail too: no more lines.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const response = await gateway.graphql(deletePersonaMutation, { variables: { id: 'persona-1' } });
    expect(response.body).toEqual(success);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messagesOf(logs)).toEqual([failedLine]);

    const receiver = await startOtlpReceiver({ port: Number(port) });
    closing.push(() => receiver.close());
    await gateway.graphql(deletePersonaMutation, { variables: { id: 'persona-1' } });
    await receiveTrace(receiver, traceIdsOf(gateway).at(-1) as string, 3);
    await waitUntil(() => messagesOf(logs).includes(backLine), 'the recovery logged');
    expect(messagesOf(logs)).toEqual([failedLine, backLine]);
  });
});
