import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { readData, useSandboxGateway } from '../helpers/sandbox-gateway.js';
import { dispositionFields, errorFields } from '../helpers/vendor-bodies.js';
import {
  createDispositionMutation,
  createDispositionsMutation,
  createPersonaMutation,
  promotePersonaDraftMutation,
  updateDispositionMutation,
  updatePersonaMutation,
} from '../helpers/write-operations.js';
import { isoMillisPattern, uuidPattern } from './simulator-client.js';

const noDraft = '33333333-3333-4333-8333-333333333333';
const callOutcome = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const leadQuality = '55555555-5555-4555-8555-555555555555';
const firstAgent = 'aaaaaaaa-0000-4000-8000-000000000001';
const secondAgent = 'aaaaaaaa-0000-4000-8000-000000000002';
/** The contract's create lag of the sandbox's Bolna. */
const createLagMs = 2000;

const anId = expect.stringMatching(uuidPattern);
const aTime = expect.stringMatching(isoMillisPattern);

const { gateway } = useSandboxGateway({ each: true });
const data = (query: string, variables?: Record<string, unknown>) => readData(gateway(), query, variables);

/** A persona version as the sandbox answers it; only what the test sets is given. */
function version(number: number, type: string, fields: Record<string, unknown> = {}) {
  return {
    id: anId,
    versionNumber: number,
    type,
    personalityPrompt: null,
    orchestrationPrompt: null,
    knowledgeBaseIds: [],
    createdAt: aTime,
    promotedAt: type === 'DRAFT' ? null : aTime,
    ...fields,
  };
}

/** Every field of a persona the sandbox answers, with the given ones set. */
function persona(fields: Record<string, unknown>) {
  return {
    __typename: 'Persona',
    id: anId,
    name: 'Billing Agent',
    role: null,
    description: null,
    tags: [],
    imageUrl: null,
    createdAt: aTime,
    updatedAt: aTime,
    inboundNumbers: [],
    productionVersion: null,
    draftVersion: null,
    ...fields,
  };
}

describe('a persona: create → update → promote, through the gateway', () => {
  it('creates version 1 and draft 2, lists it, edits persona fields at once and the draft only, then promotes the draft', async () => {
    const created = await data(createPersonaMutation, {
      input: {
        name: 'Billing Agent',
        role: 'Billing specialist',
        tags: ['billing'],
        personalityPrompt: 'You explain invoices.',
        knowledgeBaseIds: ['kb-billing'],
      },
    });
    const { id } = (created.createPersona as { persona: { id: string } }).persona;
    const first = { personalityPrompt: 'You explain invoices.', knowledgeBaseIds: ['kb-billing'] };
    const billing = { role: 'Billing specialist', tags: ['billing'] };
    expect(created).toEqual({
      createPersona: {
        __typename: 'CreatePersonaSuccess',
        persona: persona({
          ...billing,
          productionVersion: version(1, 'PRODUCTION', first),
          draftVersion: version(2, 'DRAFT', first),
        }),
      },
    });

    expect(
      await data('query { personas(first: 10) { ... on PersonaConnection { edges { node { id name } } } } }'),
    ).toEqual({
      personas: {
        edges: [
          { node: { id: '11111111-1111-4111-8111-111111111111', name: 'Support Agent' } },
          { node: { id: '22222222-2222-4222-8222-222222222222', name: 'Sales Agent' } },
          { node: { id: noDraft, name: 'No Draft' } },
          { node: { id, name: 'Billing Agent' } },
        ],
      },
    });

    const updated = await data(updatePersonaMutation, {
      id,
      input: { description: 'Explains invoices and refunds', personalityPrompt: 'You explain refunds too.' },
    });
    const edited = { ...billing, id, description: 'Explains invoices and refunds' };
    const second = { ...first, personalityPrompt: 'You explain refunds too.' };
    expect(updated).toEqual({
      updatePersona: {
        __typename: 'UpdatePersonaSuccess',
        persona: persona({
          ...edited,
          productionVersion: version(1, 'PRODUCTION', first),
          draftVersion: version(2, 'DRAFT', second),
        }),
      },
    });

    expect(await data(promotePersonaDraftMutation, { id })).toEqual({
      promotePersonaDraft: {
        __typename: 'PromotePersonaDraftSuccess',
        persona: persona({
          ...edited,
          productionVersion: version(3, 'PRODUCTION', second),
          draftVersion: version(2, 'DRAFT', second),
        }),
      },
    });
  });

  it('answers NoDraftVersionError for 33333333-… until an update (without a name) gives it a draft', async () => {
    expect(await data(promotePersonaDraftMutation, { id: noDraft })).toEqual({
      promotePersonaDraft: {
        __typename: 'NoDraftVersionError',
        message: 'Persona has no draft version to promote',
        vendor: 'BLAND',
        vendorCode: 'NO_DRAFT_VERSION',
        retryable: false,
        personaId: noDraft,
      },
    });

    const updated = await data(updatePersonaMutation, {
      id: noDraft,
      input: { orchestrationPrompt: 'Greet, then ask how to help.' },
    });
    const production = { personalityPrompt: 'You are a helpful assistant' };
    const draft = { ...production, orchestrationPrompt: 'Greet, then ask how to help.' };
    const seeded = { id: noDraft, name: 'No Draft', createdAt: '2025-10-01T08:30:00.000Z' };
    expect(updated).toEqual({
      updatePersona: {
        __typename: 'UpdatePersonaSuccess',
        persona: persona({
          ...seeded,
          productionVersion: version(1, 'PRODUCTION', {
            ...production,
            createdAt: '2025-10-01T08:30:00.000Z',
          }),
          draftVersion: version(2, 'DRAFT', draft),
        }),
      },
    });

    expect(await data(promotePersonaDraftMutation, { id: noDraft })).toEqual({
      promotePersonaDraft: {
        __typename: 'PromotePersonaDraftSuccess',
        persona: persona({
          ...seeded,
          productionVersion: version(3, 'PRODUCTION', draft),
          draftVersion: version(2, 'DRAFT', draft),
        }),
      },
    });
  });
});

describe('a disposition: create → copy-on-write update, through the gateway', () => {
  it('finds a created disposition with disposition(id) only after the create lag', async () => {
    const created = await data(createDispositionMutation, {
      input: {
        agentId: firstAgent,
        name: 'Callback Requested',
        question: 'Did the caller ask to be called back?',
        isObjective: true,
        objectiveOptions: [{ value: 'yes', condition: 'The caller asked for a callback' }],
      },
    });
    expect(created).toEqual({
      createDisposition: {
        __typename: 'CreateDispositionSuccess',
        dispositionId: anId,
        message: 'Disposition created successfully',
      },
    });
    const { dispositionId } = created.createDisposition as { dispositionId: string };
    const read = `query($id: ID!) { disposition(id: $id) { __typename ... on Disposition { ${dispositionFields} } ${errorFields} } }`;
    const createdAt = Date.now();

    expect(await data(read, { id: dispositionId })).toEqual({
      disposition: {
        __typename: 'DispositionNotFoundError',
        message: 'Disposition not found',
        vendor: 'BOLNA',
        vendorCode: '404',
        retryable: false,
      },
    });

    await sleep(createLagMs - (Date.now() - createdAt) + 100);
    expect(await data(read, { id: dispositionId })).toEqual({
      disposition: {
        __typename: 'Disposition',
        id: dispositionId,
        name: 'Callback Requested',
        question: 'Did the caller ask to be called back?',
        category: 'General',
        systemPrompt: null,
        model: 'gpt-4.1-mini',
        isSubjective: false,
        isObjective: true,
        subjectiveType: 'TEXT',
        subjectivePattern: null,
        subjectivePatternDescription: null,
        objectiveOptions: [{ value: 'yes', condition: 'The caller asked for a callback', subOptions: [] }],
        agentIds: [firstAgent],
        createdBy: 'user_sandbox',
        createdAt: aTime,
        updatedAt: aTime,
      },
    });
  });

  it('updates its own disposition in place, and answers copied: true with a new id for 55555555-… with an agentId', async () => {
    expect(
      await data(updateDispositionMutation, { id: callOutcome, input: { category: 'Outcomes' } }),
    ).toEqual({
      updateDisposition: {
        __typename: 'UpdateDispositionSuccess',
        dispositionId: callOutcome,
        copied: false,
        originalId: callOutcome,
        message: 'Disposition updated successfully',
      },
    });

    const copy = await data(updateDispositionMutation, {
      id: leadQuality,
      input: { agentId: secondAgent, question: 'How warm is the lead, 1 to 5?' },
    });
    expect(copy).toEqual({
      updateDisposition: {
        __typename: 'UpdateDispositionSuccess',
        dispositionId: anId,
        copied: true,
        originalId: leadQuality,
        message: 'Disposition copy created and linked to agent',
      },
    });
    expect((copy.updateDisposition as { dispositionId: string }).dispositionId).not.toBe(leadQuality);

    // The shared original is left to the other agent, unchanged.
    expect(
      await data(`query { disposition(id: "${leadQuality}") { ... on Disposition { question agentIds } } }`),
    ).toEqual({
      disposition: { question: 'How qualified is this lead?', agentIds: [firstAgent] },
    });
  });

  it('creates dispositions in bulk, linked to the agent, with their ids in input order', async () => {
    const inputs = ['First', 'Second'].map((name) => ({
      name,
      question: `${name} question?`,
      isSubjective: true,
    }));
    expect(await data(createDispositionsMutation, { agentId: firstAgent, inputs })).toEqual({
      createDispositions: {
        __typename: 'CreateDispositionsSuccess',
        dispositionIds: [anId, anId],
        message: 'Dispositions created successfully',
      },
    });
  });
});
