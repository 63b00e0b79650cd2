import { errorFields, personaFields } from './vendor-bodies.js';

/**
 * The six write mutations, each selecting every field of every member of its payload union:
 * one place for every test that sends a write.
 */

const errors = `__typename ${errorFields}`;

export const createPersonaMutation = `
  mutation CreatePersona($input: CreatePersonaInput!) {
    createPersona(input: $input) { ${errors} ... on CreatePersonaSuccess { persona { __typename ${personaFields} } } }
  }`;

export const updatePersonaMutation = `
  mutation UpdatePersona($id: ID!, $input: UpdatePersonaInput!) {
    updatePersona(id: $id, input: $input) {
      ${errors}
      ... on UpdatePersonaSuccess { persona { __typename ${personaFields} } }
      ... on PersonaNotFoundError { personaId }
    }
  }`;

export const promotePersonaDraftMutation = `
  mutation PromotePersonaDraft($id: ID!) {
    promotePersonaDraft(id: $id) {
      ${errors}
      ... on PromotePersonaDraftSuccess { persona { __typename ${personaFields} } }
      ... on PersonaNotFoundError { personaId }
      ... on NoDraftVersionError { personaId }
    }
  }`;

export const createDispositionMutation = `
  mutation CreateDisposition($input: CreateDispositionInput!) {
    createDisposition(input: $input) { ${errors} ... on CreateDispositionSuccess { dispositionId message } }
  }`;

export const updateDispositionMutation = `
  mutation UpdateDisposition($id: ID!, $input: UpdateDispositionInput!) {
    updateDisposition(id: $id, input: $input) {
      ${errors}
      ... on UpdateDispositionSuccess { dispositionId copied originalId message }
      ... on DispositionNotFoundError { dispositionId }
    }
  }`;

export const createDispositionsMutation = `
  mutation CreateDispositions($agentId: ID!, $inputs: [DispositionInput!]!) {
    createDispositions(agentId: $agentId, inputs: $inputs) {
      ${errors}
      ... on CreateDispositionsSuccess { dispositionIds message }
    }
  }`;

/** Every write by its field, with the variables' names it takes. */
export const writeMutations = {
  createPersona: createPersonaMutation,
  updatePersona: updatePersonaMutation,
  promotePersonaDraft: promotePersonaDraftMutation,
  createDisposition: createDispositionMutation,
  updateDisposition: updateDispositionMutation,
  createDispositions: createDispositionsMutation,
} as const;

export type WriteField = keyof typeof writeMutations;
