import { graphql } from './generated/index.js';

/** Selects every member of `DeletePersonaPayload` with its own fields, so the client can switch on all of them. */
export const DeletePersonaDocument = graphql(`
  mutation DeletePersona($id: ID!, $force: Boolean! = false) {
    deletePersona(id: $id, force: $force) {
      __typename
      ... on DeletePersonaSuccess { personaId message confirmedBy }
      ... on PersonaNotFoundError { personaId }
      ... on PersonaInUseError { personaId phoneNumbers suggestion }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/** Selects every member of `DeleteDispositionPayload` with its own fields. */
export const DeleteDispositionDocument = graphql(`
  mutation DeleteDisposition($id: ID!) {
    deleteDisposition(id: $id) {
      __typename
      ... on DeleteDispositionSuccess { dispositionId message }
      ... on DispositionNotFoundError { dispositionId }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/** Selects every member of `PersonaResult`: the persona with its numbers, or why not. */
export const PersonaDocument = graphql(`
  query Persona($id: ID!) {
    persona(id: $id) {
      __typename
      ... on Persona {
        id
        name
        inboundNumbers { phoneNumber label }
        draftVersion { versionNumber }
      }
      ... on PersonaNotFoundError { personaId }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/** Selects every member of `PersonaNumbersPayload`. */
export const DetachPersonaNumbersDocument = graphql(`
  mutation DetachPersonaNumbers($personaId: ID!, $phoneNumbers: [String!]!) {
    detachPersonaNumbers(personaId: $personaId, phoneNumbers: $phoneNumbers) {
      __typename
      ... on PersonaNumbersSuccess { personaId inboundNumbers { phoneNumber } }
      ... on PersonaNotFoundError { personaId }
      ... on InvalidPhoneNumbersError { phoneNumbers }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/**
 * The style that survives new members: the members this client acts on, and every other failure
 * through the `Error` interface it must implement.
 */
export const DeletePersonaTolerantDocument = graphql(`
  mutation DeletePersonaTolerant($id: ID!) {
    deletePersona(id: $id) {
      __typename
      ... on DeletePersonaSuccess { personaId }
      ... on PersonaInUseError { phoneNumbers }
      ... on Error { message retryable }
    }
  }
`);

/** Selects every member of `CreatePersonaPayload`. */
export const CreatePersonaDocument = graphql(`
  mutation CreatePersona($input: CreatePersonaInput!) {
    createPersona(input: $input) {
      __typename
      ... on CreatePersonaSuccess { persona { id name productionVersion { versionNumber } draftVersion { versionNumber } } }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/** Selects every member of `UpdatePersonaPayload`. */
export const UpdatePersonaDocument = graphql(`
  mutation UpdatePersona($id: ID!, $input: UpdatePersonaInput!) {
    updatePersona(id: $id, input: $input) {
      __typename
      ... on UpdatePersonaSuccess { persona { id name productionVersion { versionNumber } draftVersion { versionNumber } } }
      ... on PersonaNotFoundError { personaId }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/** Selects every member of `PromotePersonaDraftPayload`. */
export const PromotePersonaDraftDocument = graphql(`
  mutation PromotePersonaDraft($id: ID!) {
    promotePersonaDraft(id: $id) {
      __typename
      ... on PromotePersonaDraftSuccess { persona { id name productionVersion { versionNumber } draftVersion { versionNumber } } }
      ... on PersonaNotFoundError { personaId }
      ... on NoDraftVersionError { personaId }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/** Selects every member of `CreateDispositionPayload`. */
export const CreateDispositionDocument = graphql(`
  mutation CreateDisposition($input: CreateDispositionInput!) {
    createDisposition(input: $input) {
      __typename
      ... on CreateDispositionSuccess { dispositionId message }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/** Selects every member of `UpdateDispositionPayload`. */
export const UpdateDispositionDocument = graphql(`
  mutation UpdateDisposition($id: ID!, $input: UpdateDispositionInput!) {
    updateDisposition(id: $id, input: $input) {
      __typename
      ... on UpdateDispositionSuccess { dispositionId copied originalId message }
      ... on DispositionNotFoundError { dispositionId }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);

/** Selects every member of `CreateDispositionsPayload`. */
export const CreateDispositionsDocument = graphql(`
  mutation CreateDispositions($agentId: ID!, $inputs: [DispositionInput!]!) {
    createDispositions(agentId: $agentId, inputs: $inputs) {
      __typename
      ... on CreateDispositionsSuccess { dispositionIds message }
      ... on InvalidInputError { field }
      ... on RateLimitedError { retryAfterSeconds }
      ... on UpstreamError { reason status }
      ... on Error { message vendor vendorCode retryable }
    }
  }
`);
