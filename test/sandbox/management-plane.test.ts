import { describe, expect, it } from 'vitest';
import { readData, useSandboxGateway } from '../helpers/sandbox-gateway.js';
import { errorFields } from '../helpers/vendor-bodies.js';

const supportAgent = '11111111-1111-4111-8111-111111111111';
const salesAgent = '22222222-2222-4222-8222-222222222222';
const noDraft = '33333333-3333-4333-8333-333333333333';
const callOutcome = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const othersDisposition = '44444444-4444-4444-8444-444444444444';
const leadQuality = '55555555-5555-4555-8555-555555555555';
const agent = 'aaaaaaaa-0000-4000-8000-000000000001';

const { gateway } = useSandboxGateway();
const data = (query: string, variables?: Record<string, unknown>) => readData(gateway(), query, variables);

const deletePersona = `mutation($id: ID!, $force: Boolean! = false) {
  deletePersona(id: $id, force: $force) {
    __typename
    ... on DeletePersonaSuccess { personaId message confirmedBy }
    ... on PersonaInUseError { personaId phoneNumbers suggestion }
    ${errorFields}
  }
}`;

const numbers = (field: string) => `mutation($personaId: ID!, $phoneNumbers: [String!]!) {
  ${field}(personaId: $personaId, phoneNumbers: $phoneNumbers) {
    __typename
    ... on PersonaNumbersSuccess { personaId inboundNumbers { phoneNumber label } }
    ... on InvalidPhoneNumbersError { phoneNumbers }
    ${errorFields}
  }
}`;

describe('the sandbox serves the management plane from the version-2 seed', () => {
  it('reads a seed persona with its numbers and versions', async () => {
    expect(
      await data(`query { persona(id: "${salesAgent}") { __typename ... on Persona {
        id name role description tags imageUrl createdAt updatedAt inboundNumbers { phoneNumber label }
        productionVersion { versionNumber type personalityPrompt orchestrationPrompt knowledgeBaseIds promotedAt }
        draftVersion { versionNumber type promotedAt }
      } } }`),
    ).toEqual({
      persona: {
        __typename: 'Persona',
        id: salesAgent,
        name: 'Sales Agent',
        role: 'Sales representative',
        description: 'Qualifies inbound sales leads',
        tags: ['sales', 'inbound'],
        imageUrl: null,
        createdAt: '2025-09-25T10:00:00.000Z',
        updatedAt: '2025-09-25T10:00:00.000Z',
        inboundNumbers: [
          { phoneNumber: '+15551234567', label: 'Main line' },
          { phoneNumber: '+15551234568', label: null },
        ],
        productionVersion: {
          versionNumber: 1,
          type: 'PRODUCTION',
          personalityPrompt: 'You are an upbeat sales representative.',
          orchestrationPrompt: 'Ask for the budget before offering a demo.',
          knowledgeBaseIds: ['kb-pricing'],
          promotedAt: '2025-09-25T10:00:00.000Z',
        },
        draftVersion: { versionNumber: 2, type: 'DRAFT', promotedAt: null },
      },
    });
  });

  it('lists the three seed personas, a page at a time', async () => {
    const first = await data(
      'query { personas(first: 2) { ... on PersonaConnection { edges { node { id name } } pageInfo { hasNextPage endCursor } } } }',
    );
    const { endCursor } = (first.personas as { pageInfo: { endCursor: string } }).pageInfo;
    const second = await data(
      'query($after: String) { personas(first: 2, after: $after) { ... on PersonaConnection { edges { node { id name } } pageInfo { hasNextPage } } } }',
      {
        after: endCursor,
      },
    );

    expect(first).toEqual({
      personas: {
        edges: [
          { node: { id: supportAgent, name: 'Support Agent' } },
          { node: { id: salesAgent, name: 'Sales Agent' } },
        ],
        pageInfo: { hasNextPage: true, endCursor: Buffer.from('v1:1').toString('base64url') },
      },
    });
    expect(second).toEqual({
      personas: { edges: [{ node: { id: noDraft, name: 'No Draft' } }], pageInfo: { hasNextPage: false } },
    });
  });

  it("lists the account's own dispositions, and an agent's own and global ones", async () => {
    expect(
      await data(`query {
        own: dispositions { ... on DispositionList { agentId dispositions { id name } globalDispositions { id } } }
        agent: dispositions(agentId: "${agent}") { ... on DispositionList { agentId dispositions { id } globalDispositions { id name } } }
      }`),
    ).toEqual({
      own: {
        agentId: null,
        dispositions: [{ id: callOutcome, name: 'Call Outcome' }],
        globalDispositions: [],
      },
      agent: {
        agentId: agent,
        dispositions: [{ id: callOutcome }],
        globalDispositions: [{ id: leadQuality, name: 'Lead Quality' }],
      },
    });
  });

  it('answers ForbiddenError for the disposition owned by another account', async () => {
    expect(
      await data(`query { disposition(id: "${othersDisposition}") { __typename ${errorFields} } }`),
    ).toEqual({
      disposition: {
        __typename: 'ForbiddenError',
        message: 'You do not have access to this disposition',
        vendor: 'BOLNA',
        vendorCode: '403',
        retryable: false,
      },
    });
  });

  it('refuses a number the account does not own as InvalidPhoneNumbersError', async () => {
    expect(
      await data(numbers('attachPersonaNumbers'), { personaId: noDraft, phoneNumbers: ['+15550000001'] }),
    ).toEqual({
      attachPersonaNumbers: {
        __typename: 'InvalidPhoneNumbersError',
        message: 'Some phone numbers were not found or do not belong to you',
        vendor: 'BLAND',
        vendorCode: 'INVALID_INBOUND_NUMBERS',
        retryable: false,
        phoneNumbers: ['+15550000001'],
      },
    });
  });
});

describe('resolving a persona in use, end to end', () => {
  it('in use → detach both numbers → deleted without force; detached numbers stay detached', async () => {
    expect(await data(deletePersona, { id: salesAgent })).toEqual({
      deletePersona: {
        __typename: 'PersonaInUseError',
        message: 'Cannot delete persona that is currently in use by phone numbers',
        vendor: 'BLAND',
        vendorCode: 'PERSONA_IN_USE',
        retryable: false,
        personaId: salesAgent,
        phoneNumbers: ['+15551234567', '+15551234568'],
        suggestion: 'Remove persona from all phone numbers first, or use force=true parameter',
      },
    });

    expect(
      await data(numbers('detachPersonaNumbers'), {
        personaId: salesAgent,
        phoneNumbers: ['+15551234567', '+15551234568'],
      }),
    ).toEqual({
      detachPersonaNumbers: {
        __typename: 'PersonaNumbersSuccess',
        personaId: salesAgent,
        inboundNumbers: [],
      },
    });

    expect(
      await data(
        `query { persona(id: "${salesAgent}") { ... on Persona { inboundNumbers { phoneNumber } } } }`,
      ),
    ).toEqual({
      persona: { inboundNumbers: [] },
    });

    expect(await data(deletePersona, { id: salesAgent })).toEqual({
      deletePersona: {
        __typename: 'DeletePersonaSuccess',
        personaId: salesAgent,
        message: 'Persona deleted successfully',
        confirmedBy: 'VENDOR_ANSWER',
      },
    });

    expect(
      await data(
        `query { persona(id: "${salesAgent}") { __typename } personas { ... on PersonaConnection { edges { node { id } } } } }`,
      ),
    ).toEqual({
      persona: { __typename: 'PersonaNotFoundError' },
      personas: { edges: [{ node: { id: supportAgent } }, { node: { id: noDraft } }] },
    });
  });

  it('attaches a free account number to another persona', async () => {
    expect(
      await data(numbers('attachPersonaNumbers'), { personaId: noDraft, phoneNumbers: ['+15551234567'] }),
    ).toEqual({
      attachPersonaNumbers: {
        __typename: 'PersonaNumbersSuccess',
        personaId: noDraft,
        inboundNumbers: [{ phoneNumber: '+15551234567', label: 'Main line' }],
      },
    });
  });
});
