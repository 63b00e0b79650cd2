import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, type Reply, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { byRoute, readJsonBody } from '../helpers/vendor-routes.js';
import {
  createDispositionMutation,
  createDispositionsMutation,
  updateDispositionMutation,
} from '../helpers/write-operations.js';

const serverKey = 'bn-disposition-writes-key';
const dispositionId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const newId = '66666666-6666-4666-8666-666666666666';
const otherNewId = '66666666-6666-4666-8666-666666666667';
const agentId = 'agt_abc123';
const dispositionPath = `/dispositions/${dispositionId}`;

let bolna: FakeVendor;
let gateway: TestGateway;
let received: { method: string; url: string; body: unknown; authorization: string | undefined }[];
beforeAll(async () => {
  bolna = await startFakeVendor();
  gateway = await startTestGateway({ bolna: { baseUrl: bolna.url, apiKey: serverKey } });
});
afterAll(async () => {
  await gateway.close();
  await bolna.close();
});
beforeEach(() => {
  received = [];
});

/** Records each request with its body, then answers it by route. */
function answering(routes: Record<string, Reply>) {
  const reply = byRoute(routes);
  bolna.setReply((request: IncomingMessage, response) => {
    readJsonBody(request).then((body) => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        body,
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

/** FastAPI's 422 for one field. */
const validation = (loc: (string | number)[], msg: string) =>
  json(422, { detail: [{ loc, msg, type: 'value_error' }] });

const invalidInput = (field: string, message: string, vendorCode: string) => ({
  __typename: 'InvalidInputError',
  message,
  vendor: 'BOLNA',
  vendorCode,
  retryable: false,
  field,
});

const badResponse = (status: number, note = '') => ({
  __typename: 'UpstreamError',
  message: `Bolna answered HTTP ${status} with a body that is neither its success nor its error shape.${note}`,
  vendor: 'BOLNA',
  vendorCode: String(status),
  retryable: false,
  reason: 'BAD_RESPONSE',
  status,
});

const disposition = { name: 'Outcome', question: 'How did it end?', isSubjective: true };

describe('createDisposition', () => {
  it("POSTs only the fields given, under Bolna's names, and answers the new id", async () => {
    answering({
      'POST /dispositions/': json(201, { message: 'Disposition created successfully', id: newId }),
    });

    const data = await send(createDispositionMutation, {
      input: {
        agentId,
        name: 'Phone Number',
        question: 'Which number did the caller give?',
        isSubjective: true,
        isObjective: true,
        subjectiveType: 'REGEX',
        subjectivePattern: '^\\d{10}$',
        subjectivePatternDescription: 'Ten digits',
        objectiveOptions: [
          {
            value: 'given',
            condition: 'A number was given',
            subOptions: [{ value: 'mobile', condition: 'Mobile' }],
          },
        ],
      },
    });

    expect(data).toEqual({
      createDisposition: {
        __typename: 'CreateDispositionSuccess',
        dispositionId: newId,
        message: 'Disposition created successfully',
      },
    });
    expect(received).toEqual([
      {
        method: 'POST',
        url: '/dispositions/',
        authorization: `Bearer ${serverKey}`,
        body: {
          agent_id: agentId,
          name: 'Phone Number',
          question: 'Which number did the caller give?',
          is_subjective: true,
          is_objective: true,
          subjective_type: 'regex',
          subjective_type_config: { pattern: '^\\d{10}$', description: 'Ten digits' },
          objective_options: [
            {
              value: 'given',
              condition: 'A number was given',
              sub_options: [{ value: 'mobile', condition: 'Mobile' }],
            },
          ],
        },
      },
    ]);
    expect(gateway.auditRecords().at(-1)).toEqual({
      time: expect.any(String),
      requestId: expect.any(String),
      client: 'anonymous',
      vendor: 'BOLNA',
      operation: 'disposition.create',
      id: newId,
      createdIds: [newId],
      force: null,
      outcome: 'CreateDispositionSuccess',
      reason: null,
      vendorStatus: 201,
      attempts: 1,
      followUp: null,
      redeleteOutcome: null,
      confirmedBy: null,
      fromStore: false,
      durationMs: expect.any(Number),
    });
    expect(gateway.logs.join('\n')).not.toContain('Which number did the caller give?');
  });

  it.each([
    ['no id', { message: 'Disposition created successfully' }],
    ['an id that is no UUID', { message: 'Disposition created successfully', id: 'disp-1' }],
    ['no message', { id: newId }],
  ])(
    'answers BAD_RESPONSE, never a success, for a 201 with %s: it may have been created',
    async (_case, body) => {
      answering({ 'POST /dispositions/': json(201, body) });

      expect(await send(createDispositionMutation, { input: disposition })).toEqual({
        createDisposition: badResponse(
          201,
          ' The disposition may have been created, so sending it again may make a duplicate.',
        ),
      });
      expect(gateway.auditRecords().at(-1)).toMatchObject({
        id: '',
        createdIds: [],
        outcome: 'UpstreamError',
      });
    },
  );

  it.each([
    [['body', 'objective_options', 0, 'value'], 'input.objectiveOptions.0.value'],
    [
      ['body', 'objective_options', 0, 'sub_options', 1, 'condition'],
      'input.objectiveOptions.0.subOptions.1.condition',
    ],
    [['body', 'objective_options'], 'input.objectiveOptions'],
    [['body', 'subjective_type_config', 'pattern'], 'input.subjectivePattern'],
    [['body', 'subjective_type_config', 'description'], 'input.subjectivePatternDescription'],
    [['body', 'system_prompt'], 'input.systemPrompt'],
    [['body', 'agent_id'], 'input.agentId'],
    [['body', 'no_such_field'], 'input'],
    [['body'], 'input'],
  ])('maps a 422 at %j to %s', async (loc, field) => {
    answering({ 'POST /dispositions/': validation(loc, 'Field required') });

    expect(await send(createDispositionMutation, { input: disposition })).toEqual({
      createDisposition: invalidInput(field, 'Field required', '422'),
    });
  });

  it('answers ForbiddenError when the agent is not the account of the key', async () => {
    answering({
      'POST /dispositions/': json(403, { error: 403, message: 'Agent not found or access denied' }),
    });

    expect(await send(createDispositionMutation, { input: { ...disposition, agentId } })).toEqual({
      createDisposition: {
        __typename: 'ForbiddenError',
        message: 'Agent not found or access denied',
        vendor: 'BOLNA',
        vendorCode: '403',
        retryable: false,
      },
    });
  });
});

describe('updateDisposition', () => {
  const inPlace = json(200, { message: 'Disposition updated successfully', id: dispositionId });

  it('PUTs only the fields given; null clears the system prompt, and the pattern as subjective_type_config: null', async () => {
    answering({ [`PUT ${dispositionPath}`]: inPlace });

    const data = await send(updateDispositionMutation, {
      id: dispositionId,
      input: { category: 'Outcomes', systemPrompt: null, subjectivePattern: null, objectiveOptions: [] },
    });

    expect(data).toEqual({
      updateDisposition: {
        __typename: 'UpdateDispositionSuccess',
        dispositionId,
        copied: false,
        originalId: dispositionId,
        message: 'Disposition updated successfully',
      },
    });
    expect(received).toEqual([
      {
        method: 'PUT',
        url: dispositionPath,
        authorization: `Bearer ${serverKey}`,
        body: {
          category: 'Outcomes',
          system_prompt: null,
          subjective_type_config: null,
          objective_options: [],
        },
      },
    ]);
    expect(gateway.auditRecords().at(-1)).toMatchObject({
      operation: 'disposition.update',
      id: dispositionId,
      createdIds: [],
      outcome: 'UpdateDispositionSuccess',
    });
  });

  it.each([
    ['isObjective alone (the options may be set already)', { isObjective: true }, { is_objective: true }],
    ['REGEX alone (a pattern may be set already)', { subjectiveType: 'REGEX' }, { subjective_type: 'regex' }],
    ['no options alone (it may not be objective)', { objectiveOptions: [] }, { objective_options: [] }],
    ['isSubjective false alone', { isSubjective: false }, { is_subjective: false }],
    [
      'a pattern without its description',
      { subjectivePattern: 'x+' },
      { subjective_type_config: { pattern: 'x+' } },
    ],
    [
      'a pattern with a null description',
      { subjectivePattern: 'x+', subjectivePatternDescription: null },
      { subjective_type_config: { pattern: 'x+', description: null } },
    ],
  ])('sends an update that only Bolna can judge: %s', async (_case, input, body) => {
    answering({ [`PUT ${dispositionPath}`]: inPlace });

    expect(await send(updateDispositionMutation, { id: dispositionId, input })).toMatchObject({
      updateDisposition: { __typename: 'UpdateDispositionSuccess' },
    });
    expect(received.map((request) => request.body)).toEqual([body]);
  });

  it('answers copied: true with the new id when Bolna answers 201 with a copy, and audits the copy', async () => {
    answering({
      [`PUT ${dispositionPath}`]: json(201, {
        message: 'Disposition copy created and linked to agent',
        id: newId,
      }),
    });

    const data = await send(updateDispositionMutation, {
      id: dispositionId,
      input: { agentId, name: 'Mine' },
    });

    expect(data).toEqual({
      updateDisposition: {
        __typename: 'UpdateDispositionSuccess',
        dispositionId: newId,
        copied: true,
        originalId: dispositionId,
        message: 'Disposition copy created and linked to agent',
      },
    });
    expect(received.map((request) => request.body)).toEqual([{ agent_id: agentId, name: 'Mine' }]);
    expect(gateway.auditRecords().at(-1)).toMatchObject({
      operation: 'disposition.update',
      id: dispositionId,
      createdIds: [newId],
    });
  });

  it.each([
    ['a 200 with another id', 200, { message: 'Disposition updated successfully', id: newId }],
    ['a 201 with the same id', 201, { message: 'Disposition copy created', id: dispositionId }],
    ['a 200 with no id', 200, { message: 'Disposition updated successfully' }],
    ['a 201 with an id that is no UUID', 201, { message: 'Disposition copy created', id: 'copy-1' }],
  ])('answers BAD_RESPONSE, never a success, for %s', async (_case, status, body) => {
    answering({ [`PUT ${dispositionPath}`]: json(status, body) });

    expect(await send(updateDispositionMutation, { id: dispositionId, input: { name: 'x' } })).toEqual({
      updateDisposition: badResponse(status),
    });
  });

  it('says a proofless answer to an update with agentId may have made a copy, and is not retryable', async () => {
    answering({ [`PUT ${dispositionPath}`]: json(200, { message: 'ok' }) });

    expect(
      await send(updateDispositionMutation, { id: dispositionId, input: { agentId, name: 'x' } }),
    ).toEqual({
      updateDisposition: badResponse(
        200,
        ' The update may have made a copy of the disposition, so sending it again may make a duplicate.',
      ),
    });
  });

  it('answers DispositionNotFoundError for a 404 (a disposition created moments ago can answer it)', async () => {
    answering({ [`PUT ${dispositionPath}`]: json(404, { error: 404, message: 'Disposition not found' }) });

    expect(await send(updateDispositionMutation, { id: dispositionId, input: { name: 'x' } })).toEqual({
      updateDisposition: {
        __typename: 'DispositionNotFoundError',
        message: 'Disposition not found',
        vendor: 'BOLNA',
        vendorCode: '404',
        retryable: false,
        dispositionId,
      },
    });
  });

  it.each([
    [
      'a 400 with no field',
      json(400, { error: 400, message: 'No valid fields provided to update' }),
      'input',
      'No valid fields provided to update',
      '400',
    ],
    [
      'a 422 on the path',
      validation(['path', 'disposition_id'], 'Input should be a valid UUID'),
      'id',
      'Input should be a valid UUID',
      '422',
    ],
    [
      'a 422 on a rule',
      validation(['body', 'is_subjective'], 'Value error, at least one must be true'),
      'input.isSubjective',
      'Value error, at least one must be true',
      '422',
    ],
  ])('maps %s to its input path', async (_case, reply, field, message, vendorCode) => {
    answering({ [`PUT ${dispositionPath}`]: reply });

    expect(
      await send(updateDispositionMutation, { id: dispositionId, input: { isSubjective: false } }),
    ).toEqual({
      updateDisposition: invalidInput(field, message, vendorCode),
    });
  });
});

describe('createDispositions', () => {
  const inputs = [
    { ...disposition, name: 'First' },
    { ...disposition, name: 'Second', category: 'Sales' },
    {
      name: 'Third',
      question: 'Interested?',
      isObjective: true,
      objectiveOptions: [{ value: 'yes', condition: 'Said yes' }],
    },
  ];

  it('POSTs the agent and every input to /dispositions/bulk and answers the ids in input order', async () => {
    const ids = [newId, otherNewId, '66666666-6666-4666-8666-666666666668'];
    answering({
      'POST /dispositions/bulk': json(201, { message: 'Dispositions created successfully', ids }),
    });

    expect(await send(createDispositionsMutation, { agentId, inputs })).toEqual({
      createDispositions: {
        __typename: 'CreateDispositionsSuccess',
        dispositionIds: ids,
        message: 'Dispositions created successfully',
      },
    });
    expect(received).toEqual([
      {
        method: 'POST',
        url: '/dispositions/bulk',
        authorization: `Bearer ${serverKey}`,
        body: {
          agent_id: agentId,
          dispositions: [
            { name: 'First', question: 'How did it end?', is_subjective: true },
            { name: 'Second', question: 'How did it end?', category: 'Sales', is_subjective: true },
            {
              name: 'Third',
              question: 'Interested?',
              is_objective: true,
              objective_options: [{ value: 'yes', condition: 'Said yes' }],
            },
          ],
        },
      },
    ]);
    expect(gateway.auditRecords().at(-1)).toEqual({
      time: expect.any(String),
      requestId: expect.any(String),
      client: 'anonymous',
      vendor: 'BOLNA',
      operation: 'disposition.createBulk',
      id: agentId,
      count: 3,
      createdIds: ids,
      force: null,
      outcome: 'CreateDispositionsSuccess',
      reason: null,
      vendorStatus: 201,
      attempts: 1,
      followUp: null,
      redeleteOutcome: null,
      confirmedBy: null,
      fromStore: false,
      durationMs: expect.any(Number),
    });
  });

  it.each([
    ['fewer ids than inputs', [newId, otherNewId]],
    ['more ids than inputs', [newId, otherNewId, newId, otherNewId]],
    ['an id that is no UUID', [newId, otherNewId, 'disp-3']],
  ])('answers BAD_RESPONSE for %s: they may have been created', async (_case, ids) => {
    answering({
      'POST /dispositions/bulk': json(201, { message: 'Dispositions created successfully', ids }),
    });

    expect(await send(createDispositionsMutation, { agentId, inputs })).toEqual({
      createDispositions: badResponse(
        201,
        ' The dispositions may have been created, so sending it again may make a duplicate.',
      ),
    });
  });

  it.each([
    [['body', 'dispositions', 2, 'question'], 'inputs.2.question'],
    [['body', 'dispositions', 1, 'objective_options', 0, 'value'], 'inputs.1.objectiveOptions.0.value'],
    [['body', 'dispositions', 0, 'subjective_type_config'], 'inputs.0.subjectivePattern'],
    [['body', 'dispositions', 2], 'inputs.2'],
    [['body', 'dispositions'], 'inputs'],
    [['body', 'agent_id'], 'agentId'],
  ])('maps a 422 at %j to %s', async (loc, field) => {
    answering({ 'POST /dispositions/bulk': validation(loc, 'Field required') });

    expect(await send(createDispositionsMutation, { agentId, inputs })).toEqual({
      createDispositions: invalidInput(field, 'Field required', '422'),
    });
  });
});
