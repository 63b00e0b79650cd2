import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { type WriteField, writeMutations } from '../helpers/write-operations.js';

const personaId = '11111111-1111-4111-8111-111111111111';
const dispositionId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const agentId = 'agt_abc123';

let bland: FakeVendor;
let bolna: FakeVendor;
let gateway: TestGateway;
beforeAll(async () => {
  // Any request at all is a failure of these tests: the gateway's own rejections reach no vendor.
  bland = await startFakeVendor(json(599, { reached: true }));
  bolna = await startFakeVendor(json(599, { reached: true }));
  gateway = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: 'sk-write-inputs' },
    bolna: { baseUrl: bolna.url, apiKey: 'bn-write-inputs' },
  });
});
afterAll(async () => {
  await gateway.close();
  await Promise.all([bland.close(), bolna.close()]);
});
beforeEach(() => {
  bland.requests.length = 0;
  bolna.requests.length = 0;
});

const text = (length: number) => 'x'.repeat(length);
const list = <T>(length: number, item: (index: number) => T) => Array.from({ length }, (_, i) => item(i));

/** The smallest valid inputs, each case changing one thing. */
const persona = { name: 'Support Agent' };
const pathway = {
  name: 'Escalate',
  prompt: 'The caller asks for a human',
  pathwayId: 'pw-1',
  pathwayVersion: '1',
  startNodeId: 'n-1',
};
const disposition = { name: 'Outcome', question: 'How did it end?', isSubjective: true };
const option = { value: 'yes', condition: 'The caller agreed' };
/** Options nested `levels` deep: each has one sub-option, the deepest none. */
const nested = (levels: number): Record<string, unknown>[] =>
  levels === 1 ? [option] : [{ ...option, subOptions: nested(levels - 1) }];

type Case = [
  name: string,
  field: WriteField,
  variables: Record<string, unknown>,
  path: string,
  message: string,
];

const createPersona = (input: Record<string, unknown>) => ({ input: { ...persona, ...input } });
const updatePersona = (input: Record<string, unknown>) => ({ id: personaId, input });
const createDisposition = (input: Record<string, unknown>) => ({ input: { ...disposition, ...input } });
const updateDisposition = (input: Record<string, unknown>) => ({ id: dispositionId, input });
const createDispositions = (inputs: Record<string, unknown>[]) => ({ agentId, inputs });

const personaCases: Case[] = [
  [
    'an empty name',
    'createPersona',
    createPersona({ name: '' }),
    'input.name',
    'input.name must not be empty.',
  ],
  [
    'a name of 256',
    'createPersona',
    createPersona({ name: text(256) }),
    'input.name',
    'input.name must be at most 255 characters; it has 256.',
  ],
  [
    'a role of 256',
    'createPersona',
    createPersona({ role: text(256) }),
    'input.role',
    'input.role must be at most 255 characters; it has 256.',
  ],
  [
    'a description of 5001',
    'createPersona',
    createPersona({ description: text(5001) }),
    'input.description',
    'input.description must be at most 5000 characters; it has 5001.',
  ],
  [
    '51 tags',
    'createPersona',
    createPersona({ tags: list(51, (i) => `t${i}`) }),
    'input.tags',
    'input.tags takes at most 50 items; it has 51.',
  ],
  [
    'an empty tag',
    'createPersona',
    createPersona({ tags: ['a', ''] }),
    'input.tags.1',
    'input.tags.1 must not be empty.',
  ],
  [
    'a tag of 65',
    'createPersona',
    createPersona({ tags: [text(65)] }),
    'input.tags.0',
    'input.tags.0 must be at most 64 characters; it has 65.',
  ],
  [
    'an ftp image URL',
    'createPersona',
    createPersona({ imageUrl: 'ftp://example.com/a.png' }),
    'input.imageUrl',
    'input.imageUrl must be an absolute http or https URL.',
  ],
  [
    'an image URL that is no URL',
    'createPersona',
    createPersona({ imageUrl: 'a.png' }),
    'input.imageUrl',
    'input.imageUrl must be an absolute http or https URL.',
  ],
  [
    'an image URL of 2049',
    'createPersona',
    createPersona({ imageUrl: `https://example.com/${text(2029)}` }),
    'input.imageUrl',
    'input.imageUrl must be at most 2048 characters; it has 2049.',
  ],
  [
    'a personality prompt of 50001',
    'createPersona',
    createPersona({ personalityPrompt: text(50_001) }),
    'input.personalityPrompt',
    'input.personalityPrompt must be at most 50000 characters; it has 50001.',
  ],
  [
    'an orchestration prompt of 50001',
    'updatePersona',
    updatePersona({ orchestrationPrompt: text(50_001) }),
    'input.orchestrationPrompt',
    'input.orchestrationPrompt must be at most 50000 characters; it has 50001.',
  ],
  [
    '51 knowledge bases',
    'createPersona',
    createPersona({ knowledgeBaseIds: list(51, (i) => `kb-${i}`) }),
    'input.knowledgeBaseIds',
    'input.knowledgeBaseIds takes at most 50 items; it has 51.',
  ],
  [
    'an empty knowledge base id',
    'updatePersona',
    updatePersona({ knowledgeBaseIds: [''] }),
    'input.knowledgeBaseIds.0',
    'input.knowledgeBaseIds.0 must not be empty.',
  ],
  [
    'a knowledge base id of 129',
    'createPersona',
    createPersona({ knowledgeBaseIds: [text(129)] }),
    'input.knowledgeBaseIds.0',
    'input.knowledgeBaseIds.0 must be at most 128 characters; it has 129.',
  ],
  [
    '51 pathway conditions',
    'createPersona',
    createPersona({ pathwayConditions: list(51, () => pathway) }),
    'input.pathwayConditions',
    'input.pathwayConditions takes at most 50 items; it has 51.',
  ],
  [
    'a pathway condition without a start node',
    'updatePersona',
    updatePersona({ pathwayConditions: [pathway, { ...pathway, startNodeId: '' }] }),
    'input.pathwayConditions.1.startNodeId',
    'input.pathwayConditions.1.startNodeId must not be empty.',
  ],
  [
    'null tags on a create',
    'createPersona',
    createPersona({ tags: null }),
    'input.tags',
    'input.tags cannot be null: leave it out to keep it as it is.',
  ],
  [
    'a null voice in the call settings',
    'updatePersona',
    updatePersona({ callConfig: { voice: null } }),
    'input.callConfig.voice',
    'input.callConfig.voice cannot be null: leave it out to keep it as it is.',
  ],
  ['an update of nothing', 'updatePersona', updatePersona({}), 'input', 'Give at least one field to change.'],
  [
    'a null name on an update',
    'updatePersona',
    updatePersona({ name: null }),
    'input.name',
    'input.name cannot be null: leave it out to keep it as it is.',
  ],
  [
    'an empty name on an update',
    'updatePersona',
    updatePersona({ name: '' }),
    'input.name',
    'input.name must not be empty.',
  ],
  [
    'a null personality prompt',
    'updatePersona',
    updatePersona({ personalityPrompt: null }),
    'input.personalityPrompt',
    'input.personalityPrompt cannot be null: leave it out to keep it as it is.',
  ],
  [
    'null knowledge bases',
    'updatePersona',
    updatePersona({ knowledgeBaseIds: null }),
    'input.knowledgeBaseIds',
    'input.knowledgeBaseIds cannot be null: leave it out to keep it as it is.',
  ],
  [
    'a bad persona id on an update',
    'updatePersona',
    { id: '../admin', input: { role: 'x' } },
    'id',
    'The id must be letters, digits, "_" and "-".',
  ],
  [
    'a bad persona id on a promote',
    'promotePersonaDraft',
    { id: 'a b' },
    'id',
    'The id must be letters, digits, "_" and "-".',
  ],
  ['an empty persona id on a promote', 'promotePersonaDraft', { id: '' }, 'id', 'The id is empty.'],
];

const dispositionCases: Case[] = [
  [
    'an empty name',
    'createDisposition',
    createDisposition({ name: '' }),
    'input.name',
    'input.name must not be empty.',
  ],
  [
    'a name of 256',
    'createDisposition',
    createDisposition({ name: text(256) }),
    'input.name',
    'input.name must be at most 255 characters; it has 256.',
  ],
  [
    'an empty question',
    'createDisposition',
    createDisposition({ question: '' }),
    'input.question',
    'input.question must not be empty.',
  ],
  [
    'a question of 2001',
    'updateDisposition',
    updateDisposition({ question: text(2001) }),
    'input.question',
    'input.question must be at most 2000 characters; it has 2001.',
  ],
  [
    'a category of 256',
    'createDisposition',
    createDisposition({ category: text(256) }),
    'input.category',
    'input.category must be at most 255 characters; it has 256.',
  ],
  [
    'a system prompt of 50001',
    'createDisposition',
    createDisposition({ systemPrompt: text(50_001) }),
    'input.systemPrompt',
    'input.systemPrompt must be at most 50000 characters; it has 50001.',
  ],
  [
    'a model of 101',
    'updateDisposition',
    updateDisposition({ model: text(101) }),
    'input.model',
    'input.model must be at most 100 characters; it has 101.',
  ],
  [
    'OTHER as the subjective type',
    'createDisposition',
    createDisposition({ subjectiveType: 'OTHER' }),
    'input.subjectiveType',
    'input.subjectiveType cannot be OTHER in an input.',
  ],
  [
    'OTHER on an update',
    'updateDisposition',
    updateDisposition({ subjectiveType: 'OTHER' }),
    'input.subjectiveType',
    'input.subjectiveType cannot be OTHER in an input.',
  ],
  [
    'neither subjective nor objective',
    'createDisposition',
    createDisposition({ isSubjective: false }),
    'input.isSubjective',
    'input.isSubjective or isObjective must be true: Bolna needs at least one.',
  ],
  [
    'neither, by default',
    'createDisposition',
    { input: { name: 'Outcome', question: 'How did it end?' } },
    'input.isSubjective',
    'input.isSubjective or isObjective must be true: Bolna needs at least one.',
  ],
  [
    'objective without options',
    'createDisposition',
    createDisposition({ isObjective: true }),
    'input.objectiveOptions',
    'input.objectiveOptions must not be empty when isObjective is true.',
  ],
  [
    'objective with no options',
    'createDisposition',
    createDisposition({ isObjective: true, objectiveOptions: [] }),
    'input.objectiveOptions',
    'input.objectiveOptions must not be empty when isObjective is true.',
  ],
  [
    'REGEX without a pattern',
    'createDisposition',
    createDisposition({ subjectiveType: 'REGEX' }),
    'input.subjectivePattern',
    'input.subjectivePattern is required when subjectiveType is REGEX.',
  ],
  [
    'REGEX with a null pattern',
    'createDisposition',
    createDisposition({ subjectiveType: 'REGEX', subjectivePattern: null }),
    'input.subjectivePattern',
    'input.subjectivePattern is required when subjectiveType is REGEX.',
  ],
  [
    'an empty pattern',
    'createDisposition',
    createDisposition({ subjectivePattern: '' }),
    'input.subjectivePattern',
    'input.subjectivePattern must not be empty.',
  ],
  [
    'a pattern description without its pattern',
    'createDisposition',
    createDisposition({ subjectivePatternDescription: 'Ten digits' }),
    'input.subjectivePatternDescription',
    'input.subjectivePatternDescription needs subjectivePattern beside it: Bolna keeps the two together and replaces them as one.',
  ],
  [
    '51 options',
    'createDisposition',
    createDisposition({ isObjective: true, objectiveOptions: list(51, () => option) }),
    'input.objectiveOptions',
    'input.objectiveOptions takes at most 50 items; it has 51.',
  ],
  [
    'an empty sub-option value',
    'createDisposition',
    createDisposition({ objectiveOptions: [{ ...option, subOptions: [option, { ...option, value: '' }] }] }),
    'input.objectiveOptions.0.subOptions.1.value',
    'input.objectiveOptions.0.subOptions.1.value must not be empty.',
  ],
  [
    'an empty condition',
    'updateDisposition',
    updateDisposition({ objectiveOptions: [{ value: 'no', condition: '' }] }),
    'input.objectiveOptions.0.condition',
    'input.objectiveOptions.0.condition must not be empty.',
  ],
  [
    '51 sub-options',
    'updateDisposition',
    updateDisposition({ objectiveOptions: [{ ...option, subOptions: list(51, () => option) }] }),
    'input.objectiveOptions.0.subOptions',
    'input.objectiveOptions.0.subOptions takes at most 50 items; it has 51.',
  ],
  [
    'options 16 levels deep',
    'createDisposition',
    createDisposition({ objectiveOptions: nested(16) }),
    `input.objectiveOptions${'.0.subOptions'.repeat(15)}`,
    `input.objectiveOptions${'.0.subOptions'.repeat(15)} nests deeper than 15 levels.`,
  ],
  [
    'null sub-options',
    'createDisposition',
    createDisposition({ objectiveOptions: [{ ...option, subOptions: null }] }),
    'input.objectiveOptions.0.subOptions',
    'input.objectiveOptions.0.subOptions cannot be null: leave it out to keep it as it is.',
  ],
  [
    'a bad agent id',
    'createDisposition',
    createDisposition({ agentId: 'agent 1' }),
    'input.agentId',
    'The id must be letters, digits, "_" and "-".',
  ],
  [
    'an agent id of 129',
    'updateDisposition',
    updateDisposition({ agentId: text(129), name: 'x' }),
    'input.agentId',
    'The id is longer than 128 characters.',
  ],
  [
    'a null agent id',
    'createDisposition',
    createDisposition({ agentId: null }),
    'input.agentId',
    'input.agentId cannot be null: leave it out to keep it as it is.',
  ],
  [
    'a null isObjective',
    'updateDisposition',
    updateDisposition({ isObjective: null }),
    'input.isObjective',
    'input.isObjective cannot be null: leave it out to keep it as it is.',
  ],
  [
    'a null name on an update',
    'updateDisposition',
    updateDisposition({ name: null }),
    'input.name',
    'input.name cannot be null: leave it out to keep it as it is.',
  ],
  [
    'null options on an update',
    'updateDisposition',
    updateDisposition({ objectiveOptions: null }),
    'input.objectiveOptions',
    'input.objectiveOptions cannot be null: leave it out to keep it as it is.',
  ],
  [
    'an update of nothing',
    'updateDisposition',
    updateDisposition({}),
    'input',
    'Give at least one field to change.',
  ],
  [
    'an update of the agent only',
    'updateDisposition',
    updateDisposition({ agentId }),
    'input',
    'Give at least one field to change.',
  ],
  [
    'an update to neither subjective nor objective',
    'updateDisposition',
    updateDisposition({ isSubjective: false, isObjective: false }),
    'input.isSubjective',
    'input.isSubjective or isObjective must be true: Bolna needs at least one.',
  ],
  [
    'an update to objective with no options',
    'updateDisposition',
    updateDisposition({ isObjective: true, objectiveOptions: [] }),
    'input.objectiveOptions',
    'input.objectiveOptions must not be empty when isObjective is true.',
  ],
  [
    'an update to REGEX that clears the pattern',
    'updateDisposition',
    updateDisposition({ subjectiveType: 'REGEX', subjectivePattern: null }),
    'input.subjectivePattern',
    'input.subjectivePattern is required when subjectiveType is REGEX.',
  ],
  [
    'a bad disposition id',
    'updateDisposition',
    { id: 'not-a-uuid', input: { name: 'x' } },
    'id',
    'The id must be a UUID.',
  ],
  [
    'no inputs in a bulk create',
    'createDispositions',
    createDispositions([]),
    'inputs',
    'inputs takes 1 to 100 items; it has 0.',
  ],
  [
    '101 inputs in a bulk create',
    'createDispositions',
    createDispositions(list(101, () => disposition)),
    'inputs',
    'inputs takes 1 to 100 items; it has 101.',
  ],
  [
    'an empty question in the third input',
    'createDispositions',
    createDispositions([disposition, disposition, { ...disposition, question: '' }]),
    'inputs.2.question',
    'inputs.2.question must not be empty.',
  ],
  [
    'the second input neither subjective nor objective',
    'createDispositions',
    createDispositions([disposition, { ...disposition, isSubjective: false }]),
    'inputs.1.isSubjective',
    'inputs.1.isSubjective or isObjective must be true: Bolna needs at least one.',
  ],
  [
    'OTHER in a bulk input',
    'createDispositions',
    createDispositions([{ ...disposition, subjectiveType: 'OTHER' }]),
    'inputs.0.subjectiveType',
    'inputs.0.subjectiveType cannot be OTHER in an input.',
  ],
  [
    'a deep sub-option in a bulk input',
    'createDispositions',
    createDispositions([
      disposition,
      { ...disposition, objectiveOptions: [{ ...option, subOptions: [{ ...option, condition: '' }] }] },
    ]),
    'inputs.1.objectiveOptions.0.subOptions.0.condition',
    'inputs.1.objectiveOptions.0.subOptions.0.condition must not be empty.',
  ],
  [
    'a bad agent id in a bulk create',
    'createDispositions',
    { agentId: 'agt/1', inputs: [disposition] },
    'agentId',
    'The id must be letters, digits, "_" and "-".',
  ],
];

describe('a write is checked before any call, and each failure names its input path', () => {
  it.each([
    ...personaCases.map((c) => ['BLAND', ...c] as const),
    ...dispositionCases.map((c) => ['BOLNA', ...c] as const),
  ])(
    '%s: %s is InvalidInputError on the path, and no vendor hears of it',
    async (vendor, _name, field, variables, path, message) => {
      const response = await gateway.graphql(writeMutations[field], { variables });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: {
          [field]: {
            __typename: 'InvalidInputError',
            message,
            vendor,
            vendorCode: null,
            retryable: false,
            field: path,
          },
        },
      });
      expect([...bland.requests, ...bolna.requests]).toEqual([]);
    },
  );

  it('checks the input before the credential: a bad input without a key is still InvalidInputError', async () => {
    const keyless = await startTestGateway({ bolna: { baseUrl: bolna.url, apiKey: undefined } });
    try {
      const response = await keyless.graphql(writeMutations.createDisposition, {
        variables: createDisposition({ name: '' }),
      });
      expect(response.body.data).toEqual({
        createDisposition: {
          __typename: 'InvalidInputError',
          message: 'input.name must not be empty.',
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: false,
          field: 'input.name',
        },
      });
      expect(bolna.requests).toEqual([]);
    } finally {
      await keyless.close();
    }
  });

  it('audits a refused write with no attempt and no id of a new item', async () => {
    await gateway.graphql(writeMutations.createPersona, { variables: createPersona({ name: '' }) });

    expect(gateway.auditRecords().at(-1)).toEqual({
      time: expect.any(String),
      requestId: expect.any(String),
      client: 'anonymous',
      vendor: 'BLAND',
      operation: 'persona.create',
      id: '',
      createdIds: [],
      force: null,
      outcome: 'InvalidInputError',
      reason: null,
      vendorStatus: null,
      attempts: 0,
      followUp: null,
      redeleteOutcome: null,
      confirmedBy: null,
      fromStore: false,
      durationMs: expect.any(Number),
    });
  });
});
