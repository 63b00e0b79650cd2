/** Every field of the `Error` members both payload unions share. */
const sharedErrorFields = `
  __typename
  ... on Error { message vendor vendorCode retryable }
  ... on InvalidInputError { field }
  ... on RateLimitedError { retryAfterSeconds }
  ... on UpstreamError { reason status }
`;

/** `deletePersona` selecting every field of every member of `DeletePersonaPayload`. */
export const deletePersonaMutation = `
  mutation DeletePersona($id: ID!, $force: Boolean! = false) {
    deletePersona(id: $id, force: $force) {
      ... on DeletePersonaSuccess { personaId message }
      ... on PersonaNotFoundError { personaId }
      ... on PersonaInUseError { personaId phoneNumbers suggestion }
      ${sharedErrorFields}
    }
  }
`;

/** `deleteDisposition` selecting every field of every member of `DeleteDispositionPayload`. */
export const deleteDispositionMutation = `
  mutation DeleteDisposition($id: ID!) {
    deleteDisposition(id: $id) {
      ... on DeleteDispositionSuccess { dispositionId message }
      ... on DispositionNotFoundError { dispositionId }
      ${sharedErrorFields}
    }
  }
`;
