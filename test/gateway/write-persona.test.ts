import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, type Reply, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import {
  blandData,
  blandError,
  blandNotFound,
  blandPersonaWire,
  personaFields,
  personaPayload,
} from '../helpers/vendor-bodies.js';
import { byRoute, readJsonBody } from '../helpers/vendor-routes.js';
import {
  createPersonaMutation,
  promotePersonaDraftMutation,
  updatePersonaMutation,
} from '../helpers/write-operations.js';

const serverKey = 'sk-persona-writes-key';
const personaId = '11111111-1111-4111-8111-111111111111';
const newId = '77777777-7777-4777-8777-777777777777';
const personaPath = `/v1/personas/${personaId}`;

/** One request as the fake received it, with its JSON body. */
interface Received {
  method: string;
  url: string;
  body: unknown;
  contentType: string | undefined;
  authorization: string | undefined;
}

let bland: FakeVendor;
let gateway: TestGateway;
let received: Received[];
beforeAll(async () => {
  bland = await startFakeVendor();
  gateway = await startTestGateway({ bland: { baseUrl: bland.url, apiKey: serverKey } });
});
afterAll(async () => {
  await gateway.close();
  await bland.close();
});
beforeEach(() => {
  received = [];
});

/** Records each request with its body, then answers it by route. */
function answering(routes: Record<string, Reply>) {
  const reply = byRoute(routes);
  bland.setReply((request: IncomingMessage, response) => {
    readJsonBody(request).then((body) => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        body,
        contentType: request.headers['content-type'],
        authorization: request.headers.authorization,
      });
      reply(request, response);
    });
  });
}

async function send(query: string, variables: Record<string, unknown>) {
  const response = await gateway.graphql(query, { variables });
  expect(response.status).toBe(200);
  return response.body.data;
}

/** A create's answer: the persona without `inbound_numbers`, as Bland documents it. */
function createdWire(overrides: Record<string, unknown> = {}) {
  const { inbound_numbers: _numbers, ...persona } = blandPersonaWire(newId, overrides);
  return persona;
}

const invalidInput = (field: string, message: string, vendorCode = 'VALIDATION_ERROR') => ({
  __typename: 'InvalidInputError',
  message,
  vendor: 'BLAND',
  vendorCode,
  retryable: false,
  field,
});

describe('createPersona', () => {
  it("POSTs only the fields given, under Bland's names, and answers the persona Bland made", async () => {
    answering({ 'POST /v1/personas': json(200, blandData(createdWire({ name: 'Billing Agent' }))) });

    const data = await send(createPersonaMutation, {
      input: {
        name: 'Billing Agent',
        imageUrl: 'https://example.com/agent.png',
        personalityPrompt: 'You explain invoices.',
        callConfig: {
          voice: 'maya',
          maxDurationMinutes: 12.5,
          waitForGreeting: true,
          interruptionThreshold: 80,
        },
        knowledgeBaseIds: ['kb-billing'],
        pathwayConditions: [
          {
            name: 'Escalate',
            prompt: 'Asks for a human',
            pathwayId: 'pw-1',
            pathwayVersion: '3',
            startNodeId: 'n-7',
          },
        ],
      },
    });

    expect(data).toEqual({
      createPersona: {
        __typename: 'CreatePersonaSuccess',
        persona: personaPayload(newId, { name: 'Billing Agent', inboundNumbers: [] }),
      },
    });
    expect(received).toEqual([
      {
        method: 'POST',
        url: '/v1/personas',
        contentType: 'application/json',
        authorization: serverKey,
        body: {
          name: 'Billing Agent',
          image_url: 'https://example.com/agent.png',
          personality_prompt: 'You explain invoices.',
          call_config: {
            voice: 'maya',
            max_duration: 12.5,
            wait_for_greeting: true,
            interruption_threshold: 80,
          },
          kb_ids: ['kb-billing'],
          pathway_conditions: [
            {
              name: 'Escalate',
              prompt: 'Asks for a human',
              pathway_id: 'pw-1',
              pathway_version: '3',
              start_node_id: 'n-7',
            },
          ],
        },
      },
    ]);
  });

  it('accepts a 201, and audits the new id without any field of the body', async () => {
    answering({ 'POST /v1/personas': json(201, blandData(createdWire())) });

    const data = await send(createPersonaMutation, {
      input: {
        name: 'Private Name',
        description: 'Calls Jane Doe at +15551230000',
        personalityPrompt: 'secret-prompt-text',
      },
    });

    expect(data).toEqual({
      createPersona: {
        __typename: 'CreatePersonaSuccess',
        persona: personaPayload(newId, { inboundNumbers: [] }),
      },
    });
    expect(gateway.auditRecords().at(-1)).toEqual({
      time: expect.any(String),
      requestId: expect.any(String),
      client: 'anonymous',
      vendor: 'BLAND',
      operation: 'persona.create',
      id: newId,
      createdIds: [newId],
      force: null,
      outcome: 'CreatePersonaSuccess',
      reason: null,
      vendorStatus: 201,
      attempts: 1,
      followUp: null,
      redeleteOutcome: null,
      confirmedBy: null,
      fromStore: false,
      durationMs: expect.any(Number),
    });
    const logged = gateway.logs.join('\n');
    for (const secret of ['Private Name', 'Jane Doe', '+15551230000', 'secret-prompt-text', serverKey]) {
      expect(logged).not.toContain(secret);
    }
  });

  it('answers BAD_RESPONSE, never a success, for a persona without an id', async () => {
    answering({ 'POST /v1/personas': json(200, blandData(createdWire({ id: null }))) });

    expect(await send(createPersonaMutation, { input: { name: 'A' } })).toEqual({
      createPersona: {
        __typename: 'UpstreamError',
        message:
          'Bland answered HTTP 200 with a body that is neither its success nor its error shape. The persona may have been created, so sending it again may make a duplicate.',
        vendor: 'BLAND',
        vendorCode: '200',
        retryable: false,
        reason: 'BAD_RESPONSE',
        status: 200,
      },
    });
  });

  it.each([
    ['details.field', { field: 'image_url' }, 'image_url is not reachable', 'input.imageUrl'],
    ['details.param', { param: 'kb_ids' }, 'unknown knowledge base', 'input.knowledgeBaseIds'],
    [
      'a nested field in details',
      { field: 'pathway_conditions[1].start_node_id' },
      'start node not found',
      'input.pathwayConditions.1.startNodeId',
    ],
    [
      'a call setting',
      { field: 'call_config.max_duration' },
      'too long',
      'input.callConfig.maxDurationMinutes',
    ],
    [
      'a field named in the message',
      undefined,
      'name is required and must be a non-empty string',
      'input.name',
    ],
    [
      'the first field the message names',
      undefined,
      'the orchestration_prompt contradicts the personality_prompt',
      'input.orchestrationPrompt',
    ],
    ['no field anywhere', undefined, 'Invalid request', 'input'],
  ])('maps a validation error naming %s to its input path', async (_case, details, message, field) => {
    answering({ 'POST /v1/personas': json(400, blandError('VALIDATION_ERROR', message, details)) });

    expect(await send(createPersonaMutation, { input: { name: 'A' } })).toEqual({
      createPersona: invalidInput(field, message),
    });
  });

  it('answers ForbiddenError for a 403', async () => {
    answering({ 'POST /v1/personas': json(403, blandError('FORBIDDEN', 'Plan does not allow personas')) });

    expect(await send(createPersonaMutation, { input: { name: 'A' } })).toEqual({
      createPersona: {
        __typename: 'ForbiddenError',
        message: 'Plan does not allow personas',
        vendor: 'BLAND',
        vendorCode: 'FORBIDDEN',
        retryable: false,
      },
    });
  });
});

describe('updatePersona', () => {
  it('PATCHes only the fields given, and an explicit null clears a clearable field as JSON null', async () => {
    answering({
      [`PATCH ${personaPath}`]: json(200, blandData(blandPersonaWire(personaId, { name: 'Renamed' }))),
    });

    const data = await send(updatePersonaMutation, {
      id: personaId,
      input: {
        name: 'Renamed',
        role: null,
        description: null,
        imageUrl: null,
        orchestrationPrompt: null,
        tags: [],
      },
    });

    expect(data).toEqual({
      updatePersona: {
        __typename: 'UpdatePersonaSuccess',
        persona: personaPayload(personaId, { name: 'Renamed' }),
      },
    });
    expect(received).toEqual([
      {
        method: 'PATCH',
        url: personaPath,
        contentType: 'application/json',
        authorization: serverKey,
        body: {
          name: 'Renamed',
          role: null,
          description: null,
          tags: [],
          image_url: null,
          orchestration_prompt: null,
        },
      },
    ]);
  });

  it('reads the persona first when no name is given, and sends its current name', async () => {
    answering({
      [`GET ${personaPath}`]: json(200, blandData(blandPersonaWire(personaId, { name: 'Current Name' }))),
      [`PATCH ${personaPath}`]: json(200, blandData(blandPersonaWire(personaId, { name: 'Current Name' }))),
    });

    const data = await send(updatePersonaMutation, {
      id: personaId,
      input: { personalityPrompt: 'New prompt' },
    });

    expect(data).toEqual({
      updatePersona: {
        __typename: 'UpdatePersonaSuccess',
        persona: personaPayload(personaId, { name: 'Current Name' }),
      },
    });
    expect(received.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'GET', url: personaPath, body: undefined },
      { method: 'PATCH', url: personaPath, body: { name: 'Current Name', personality_prompt: 'New prompt' } },
    ]);
    // The read is not the write: the audit counts the PATCH alone.
    expect(gateway.auditRecords().at(-1)).toMatchObject({
      operation: 'persona.update',
      attempts: 1,
      vendorStatus: 200,
    });
  });

  it.each([
    [
      'Bland answers not found',
      json(404, blandNotFound(personaId)),
      'Persona not found',
      'PERSONA_NOT_FOUND',
    ],
    [
      'Bland marks it deleted',
      json(200, blandData(blandPersonaWire(personaId, { deleted_at: '2025-10-01T00:00:00Z' }))),
      'Persona not found: Bland marks it deleted.',
      '200',
    ],
  ])(
    'answers PersonaNotFoundError from that read, without a PATCH, when %s',
    async (_case, read, message, vendorCode) => {
      answering({ [`GET ${personaPath}`]: read });

      expect(await send(updatePersonaMutation, { id: personaId, input: { role: 'Support' } })).toEqual({
        updatePersona: {
          __typename: 'PersonaNotFoundError',
          message,
          vendor: 'BLAND',
          vendorCode,
          retryable: false,
          personaId,
        },
      });
      expect(received.map(({ method }) => method)).toEqual(['GET']);
      expect(gateway.auditRecords().at(-1)).toMatchObject({
        operation: 'persona.update',
        id: personaId,
        outcome: 'PersonaNotFoundError',
        attempts: 0,
      });
    },
  );

  it('reads the name once for two updates of one operation: the first answer primes the second', async () => {
    answering({
      [`PATCH ${personaPath}`]: json(200, blandData(blandPersonaWire(personaId, { name: 'From Bland' }))),
    });

    const response = await gateway.graphql(
      `mutation($id: ID!) {
        first: updatePersona(id: $id, input: { name: "From Bland" }) { __typename }
        second: updatePersona(id: $id, input: { role: "Support" }) { __typename ... on UpdatePersonaSuccess { persona { __typename ${personaFields} } } }
      }`,
      { variables: { id: personaId } },
    );

    expect(response.body.data).toEqual({
      first: { __typename: 'UpdatePersonaSuccess' },
      second: {
        __typename: 'UpdatePersonaSuccess',
        persona: personaPayload(personaId, { name: 'From Bland' }),
      },
    });
    expect(received.map(({ method, body }) => [method, body])).toEqual([
      ['PATCH', { name: 'From Bland' }],
      ['PATCH', { name: 'From Bland', role: 'Support' }],
    ]);
  });

  it('answers PersonaNotFoundError when the PATCH itself finds none', async () => {
    answering({ [`PATCH ${personaPath}`]: json(404, blandNotFound(personaId)) });

    expect(await send(updatePersonaMutation, { id: personaId, input: { name: 'A' } })).toEqual({
      updatePersona: {
        __typename: 'PersonaNotFoundError',
        message: 'Persona not found',
        vendor: 'BLAND',
        vendorCode: 'PERSONA_NOT_FOUND',
        retryable: false,
        personaId,
      },
    });
  });

  it('answers BAD_RESPONSE when the answer is another persona', async () => {
    answering({ [`PATCH ${personaPath}`]: json(200, blandData(blandPersonaWire(newId))) });

    expect(await send(updatePersonaMutation, { id: personaId, input: { name: 'A' } })).toEqual({
      updatePersona: {
        __typename: 'UpstreamError',
        message: 'Bland answered HTTP 200 with a body that is neither its success nor its error shape.',
        vendor: 'BLAND',
        vendorCode: '200',
        retryable: false,
        reason: 'BAD_RESPONSE',
        status: 200,
      },
    });
  });

  it('maps a rejected field of an update to its input path', async () => {
    answering({
      [`PATCH ${personaPath}`]: json(400, blandError('INVALID_PARAMETER', 'bad tag', { field: 'tags' })),
    });

    expect(await send(updatePersonaMutation, { id: personaId, input: { name: 'A', tags: ['x'] } })).toEqual({
      updatePersona: invalidInput('input.tags', 'bad tag', 'INVALID_PARAMETER'),
    });
  });
});

describe('promotePersonaDraft', () => {
  const promotePath = `${personaPath}/versions/promote`;

  it('POSTs no body and answers the persona with its new production version', async () => {
    const promoted = blandPersonaWire(personaId, {
      current_production_version: {
        ...(blandPersonaWire(personaId).current_production_version as object),
        id: 'version-3',
        version_number: 3,
      },
    });
    answering({ [`POST ${promotePath}`]: json(200, blandData(promoted)) });

    const data = await send(promotePersonaDraftMutation, { id: personaId });

    const expected = personaPayload(personaId);
    expect(data).toEqual({
      promotePersonaDraft: {
        __typename: 'PromotePersonaDraftSuccess',
        persona: {
          ...expected,
          productionVersion: { ...(expected.productionVersion as object), id: 'version-3', versionNumber: 3 },
        },
      },
    });
    expect(received).toEqual([
      { method: 'POST', url: promotePath, body: undefined, contentType: undefined, authorization: serverKey },
    ]);
    expect(gateway.auditRecords().at(-1)).toMatchObject({
      operation: 'persona.promoteDraft',
      id: personaId,
      outcome: 'PromotePersonaDraftSuccess',
    });
  });

  it('answers NoDraftVersionError for NO_DRAFT_VERSION', async () => {
    answering({
      [`POST ${promotePath}`]: json(
        400,
        blandError('NO_DRAFT_VERSION', 'Persona has no draft version to promote', { persona_id: personaId }),
      ),
    });

    expect(await send(promotePersonaDraftMutation, { id: personaId })).toEqual({
      promotePersonaDraft: {
        __typename: 'NoDraftVersionError',
        message: 'Persona has no draft version to promote',
        vendor: 'BLAND',
        vendorCode: 'NO_DRAFT_VERSION',
        retryable: false,
        personaId,
      },
    });
  });

  it('answers PersonaNotFoundError for a persona that is gone', async () => {
    answering({ [`POST ${promotePath}`]: json(404, blandNotFound(personaId)) });

    expect(await send(promotePersonaDraftMutation, { id: personaId })).toEqual({
      promotePersonaDraft: {
        __typename: 'PersonaNotFoundError',
        message: 'Persona not found',
        vendor: 'BLAND',
        vendorCode: 'PERSONA_NOT_FOUND',
        retryable: false,
        personaId,
      },
    });
  });
});
