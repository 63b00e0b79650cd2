import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tracing } from '../../src/observability/tracing/trace-span.js';
import {
  type FakeVendor,
  hang,
  json,
  type Reply,
  resetAfterRequest,
  sequence,
  startFakeVendor,
} from '../helpers/fake-vendor.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { type OtlpReceiver, startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { startTestTracing } from '../helpers/test-tracing.js';
import { blandPersonaWire, blandVersionWire, personaFields } from '../helpers/vendor-bodies.js';
import { waitUntil } from '../helpers/wait-until.js';

/** The random part of each canary is searched for alone too, so a secret cut down to it still counts. */
const secret = () => randomBytes(12).toString('hex');
const blandSecret = secret();
const bolnaSecret = secret();
const tokenSecret = secret();
const jwtSecret = secret();
const promptSecret = secret();
const stateSecret = secret();
const blandKey = `sk-LEAKCANARY-${blandSecret}`;
const bolnaKey = `bn-LEAKCANARY-${bolnaSecret}`;
const gatewayToken = `gw-token-LEAKCANARY-${tokenSecret}`;
/** Shaped like a JWT (header.payload.signature), sent as a bearer the gateway does not accept. */
const jwt = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.${jwtSecret}`;
const prompt = `You are a support agent. PROMPTCANARY-${promptSecret}`;
const phoneNumbers = [`+1555${randomInt(1_000_000, 9_999_999)}`, `+4420${randomInt(10_000_000, 99_999_999)}`];
const canaries = [
  blandKey,
  blandSecret,
  bolnaKey,
  bolnaSecret,
  gatewayToken,
  tokenSecret,
  jwt,
  jwtSecret,
  prompt,
  promptSecret,
  stateSecret,
  ...phoneNumbers,
  // As Bland's and Bolna's JSON carries them, and a number without its plus.
  ...phoneNumbers.map((number) => number.slice(1)),
];

const personaId = 'persona-1';
const dispositionId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const personaQuery = `query Persona($id: ID!) { persona(id: $id) { __typename ... on Persona { ${personaFields} } } }`;
const numbersMutation = `mutation Attach($personaId: ID!, $phoneNumbers: [String!]!) {
  attachPersonaNumbers(personaId: $personaId, phoneNumbers: $phoneNumbers) {
    __typename ... on PersonaNumbersSuccess { inboundNumbers { phoneNumber } }
  }
}`;

let receiver: OtlpReceiver;
let tracing: Tracing;
let bland: FakeVendor;
let bolna: FakeVendor;
/** Holds the canary keys as its server keys. */
let serverHeld: TestGateway;
/** Holds decoy keys: the canaries come in each request's key headers. */
let perRequest: TestGateway;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  ({ tracing } = await startTestTracing({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '10',
  }));
  bland = await startFakeVendor();
  bolna = await startFakeVendor();
  const start = (keys: { bland: string; bolna: string }) =>
    startTestGateway({
      bland: { baseUrl: bland.url, apiKey: keys.bland },
      bolna: { baseUrl: bolna.url, apiKey: keys.bolna },
      gatewayTokens: [gatewayToken],
      upstreamTimeoutMs: 300,
      upstreamRetries: 1,
      tracing,
    });
  serverHeld = await start({ bland: blandKey, bolna: bolnaKey });
  perRequest = await start({ bland: 'sk-server-decoy', bolna: 'bn-server-decoy' });
});

afterAll(async () => {
  await serverHeld?.close();
  await perRequest?.close();
  await tracing?.shutdown();
  await bland?.close();
  await bolna?.close();
  await receiver?.close();
});

interface Case {
  name: string;
  vendor: 'BLAND' | 'BOLNA';
  reply: Reply;
  send: (gateway: TestGateway, headers: Record<string, string>) => Promise<GraphQLResponse>;
}

const deletePersona = (gateway: TestGateway, headers: Record<string, string>) =>
  gateway.graphql(deletePersonaMutation, { variables: { id: personaId }, headers });
const deleteDisposition = (gateway: TestGateway, headers: Record<string, string>) =>
  gateway.graphql(deleteDispositionMutation, { variables: { id: dispositionId }, headers });

const cases: Case[] = [
  {
    name: 'Bland echoes the key in a 401 message and its headers',
    vendor: 'BLAND',
    reply: json(
      401,
      { errors: [{ error: 'AUTH_FAILURE', message: `Invalid key ${blandKey}` }] },
      {
        'x-received-key': blandKey,
      },
    ),
    send: deletePersona,
  },
  {
    name: 'Bland echoes the key in a 500, then in the follow-up read not-found',
    vendor: 'BLAND',
    reply: sequence(
      json(500, { errors: [{ error: 'INTERNAL', message: `Bad token ${blandKey}` }] }),
      json(404, {
        data: null,
        errors: [{ error: 'PERSONA_NOT_FOUND', message: `No persona for ${blandKey}` }],
      }),
    ),
    send: deletePersona,
  },
  {
    name: 'Bland never answers the delete nor the follow-up read',
    vendor: 'BLAND',
    reply: hang(),
    send: deletePersona,
  },
  {
    name: 'Bland resets the connection after the delete, then answers the read',
    vendor: 'BLAND',
    reply: sequence(resetAfterRequest(), json(200, { data: blandPersonaWire(personaId), errors: null })),
    send: deletePersona,
  },
  {
    name: 'Bland answers PERSONA_IN_USE with the phone numbers and the key in its suggestion',
    vendor: 'BLAND',
    reply: json(409, {
      data: null,
      errors: [
        {
          error: 'PERSONA_IN_USE',
          message: `In use by ${phoneNumbers.join(', ')}`,
          details: { phone_numbers_using: phoneNumbers, suggestion: `Retry with ${blandKey} and force=true` },
        },
      ],
    }),
    send: deletePersona,
  },
  {
    name: 'Bland echoes the key in its success message',
    vendor: 'BLAND',
    reply: json(200, { data: { success: true, message: `Deleted using ${blandKey}` }, errors: null }),
    send: deletePersona,
  },
  {
    name: 'Bland answers a persona with its prompt and numbers',
    vendor: 'BLAND',
    reply: json(200, {
      data: blandPersonaWire(personaId, {
        inbound_numbers: phoneNumbers.map((phone_number) => ({ phone_number, label: null })),
        current_production_version: blandVersionWire({
          personality_prompt: prompt,
          orchestration_prompt: prompt,
        }),
      }),
      errors: null,
    }),
    send: (gateway, headers) => gateway.graphql(personaQuery, { variables: { id: personaId }, headers }),
  },
  {
    name: 'a persona read sent by GET, its variables in the query string',
    vendor: 'BLAND',
    reply: json(404, { data: null, errors: [{ error: 'PERSONA_NOT_FOUND', message: 'Not found' }] }),
    send: async (gateway, headers) => {
      const url = new URL(`${gateway.url}/graphql`);
      url.searchParams.set('query', personaQuery);
      url.searchParams.set('variables', JSON.stringify({ id: `persona-${promptSecret}` }));
      const response = await fetch(url, {
        headers: { accept: 'application/graphql-response+json', ...headers },
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    },
  },
  {
    name: 'numbers attached to a persona, echoed back',
    vendor: 'BLAND',
    reply: json(200, {
      data: { inbound_numbers: phoneNumbers.map((phone_number) => ({ phone_number, label: null })) },
      errors: null,
    }),
    send: (gateway, headers) =>
      gateway.graphql(numbersMutation, { variables: { personaId, phoneNumbers }, headers }),
  },
  {
    name: 'Bolna echoes the key in a 403 detail',
    vendor: 'BOLNA',
    reply: json(403, { detail: `invalid key ${bolnaKey}` }),
    send: deleteDisposition,
  },
  {
    name: 'Bolna echoes the key in a 500, then in the follow-up read not-found',
    vendor: 'BOLNA',
    reply: sequence(
      json(500, { error: 500, message: `Bad token ${bolnaKey}` }),
      json(404, { error: 404, message: `No disposition for ${bolnaKey}` }),
    ),
    send: deleteDisposition,
  },
  {
    name: 'Bolna echoes the key in its success message and headers',
    vendor: 'BOLNA',
    reply: json(
      200,
      { message: `Deleted using ${bolnaKey}`, id: dispositionId },
      { 'x-received-key': bolnaKey },
    ),
    send: deleteDisposition,
  },
];

const keyModes: { name: string; gateway: () => TestGateway; headers: Record<string, string> }[] = [
  { name: 'held as the server key', gateway: () => serverHeld, headers: {} },
  {
    name: 'sent in its per-request header',
    gateway: () => perRequest,
    headers: { 'x-bland-api-key': blandKey, 'x-bolna-api-key': bolnaKey },
  },
];

/** Every canary found in what the receiver got: decoded spans (names, attributes, events, statuses, resources) and raw bodies. */
function canariesExported(): string[] {
  const decoded = JSON.stringify(receiver.spans(), (_key, value) =>
    typeof value === 'bigint' ? String(value) : value,
  );
  const raw = receiver.exports.map((received) => received.body.toString('latin1')).join('\n');
  return canaries.filter((canary) => decoded.includes(canary) || raw.includes(canary));
}

/** Waits until the server span of the gateway's latest request is exported: its children came before it. */
async function untilExported(gateway: TestGateway, logsFrom: number): Promise<void> {
  let spanId: string | undefined;
  await waitUntil(() => {
    const line = gateway.logs
      .slice(logsFrom)
      .map((entry) => JSON.parse(entry))
      .find((entry) => entry.msg === 'graphql request');
    spanId = line?.span_id;
    return spanId !== undefined;
  }, 'the request log line');
  await waitUntil(() => receiver.spans().some((span) => span.spanId === spanId), 'the request span exported');
}

describe('exported spans never carry a key, a token, a JWT, a prompt or a phone number', () => {
  for (const mode of keyModes) {
    for (const c of cases) {
      it(`when ${c.name}, the key ${mode.name}`, async () => {
        const vendor = c.vendor === 'BOLNA' ? bolna : bland;
        vendor.setReply(c.reply);
        const gateway = mode.gateway();
        const logsFrom = gateway.logs.length;
        const spansBefore = receiver.spans().length;

        const response = await c.send(gateway, {
          authorization: `Bearer ${gatewayToken}`,
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          tracestate: `client=${stateSecret}`,
          ...mode.headers,
        });

        expect(response.status).toBe(200);
        await untilExported(gateway, logsFrom);
        // The search means something only when this request's spans, vendor calls included, were exported.
        expect(
          receiver
            .spans()
            .slice(spansBefore)
            .some((span) => span.kind === 'CLIENT'),
        ).toBe(true);
        expect(canariesExported()).toEqual([]);
      });
    }
  }

  it('when a request brings a JWT the gateway refuses', async () => {
    const logsFrom = serverHeld.logs.length;

    const response = await serverHeld.graphql(deletePersonaMutation, {
      variables: { id: personaId },
      headers: { authorization: `Bearer ${jwt}` },
    });

    expect(response.status).toBe(401);
    await untilExported(serverHeld, logsFrom);
    expect(canariesExported()).toEqual([]);
  });

  it('nor does any log line', () => {
    const logText = [...serverHeld.logs, ...perRequest.logs].join('\n');

    expect(canaries.filter((canary) => logText.includes(canary))).toEqual([]);
  });
});
