/** Every field of every `Error` member, so a test can assert a whole payload. */
const errorFields = `
  __typename
  ... on Error { message vendor vendorCode retryable }
  ... on PersonaNotFoundError { personaId }
  ... on PersonaInUseError { personaId phoneNumbers suggestion }
  ... on DispositionNotFoundError { dispositionId }
  ... on InvalidInputError { field }
  ... on RateLimitedError { retryAfterSeconds }
  ... on UpstreamError { reason status }
`;

/** `deletePersona` selecting every field of every member of `DeletePersonaPayload`. */
export const deletePersonaMutation = `
  mutation DeletePersona($id: ID!, $force: Boolean! = false) {
    deletePersona(id: $id, force: $force) {
      ... on DeletePersonaSuccess { personaId message }
      ${errorFields}
    }
  }
`;

/** `deleteDisposition` selecting every field of every member of `DeleteDispositionPayload`. */
export const deleteDispositionMutation = `
  mutation DeleteDisposition($id: ID!) {
    deleteDisposition(id: $id) {
      ... on DeleteDispositionSuccess { dispositionId message }
      ${errorFields}
    }
  }
`;
