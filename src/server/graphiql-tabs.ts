/**
 * The tabs GraphiQL opens with: one operation per mutation, each with a fragment on every member
 * of its payload union, so a newcomer sees the whole shape of an answer before running anything.
 * The ids are the sandbox's seed data, given as the variables' defaults in the operation itself:
 * the bundled GraphiQL drops a tab's own variables, and a default runs with an empty Variables pane.
 */

const deletePersona = `# Delete a Bland persona. Every possible answer is a member of DeletePersonaPayload:
# switch on __typename. In sandbox mode 11111111-… deletes once (run it twice to see
# PersonaNotFoundError); 22222222-… is in use (force: true deletes it anyway). Override the
# defaults in the Variables pane: { "id": "...", "force": true }
# A per-request key goes in the Headers pane: { "x-bland-api-key": "..." }
mutation DeletePersona($id: ID! = "11111111-1111-4111-8111-111111111111", $force: Boolean! = false) {
  deletePersona(id: $id, force: $force) {
    __typename
    ... on DeletePersonaSuccess { personaId message }
    ... on PersonaNotFoundError { personaId }
    ... on PersonaInUseError { personaId phoneNumbers suggestion }
    ... on InvalidInputError { field }
    ... on UnauthenticatedError { vendorCode }
    ... on ForbiddenError { vendorCode }
    ... on RateLimitedError { retryAfterSeconds }
    ... on UpstreamError { reason status }
    # Every failure implements Error: a client that handles this survives new members.
    ... on Error { message vendor vendorCode retryable }
  }
}
`;

const deleteDisposition = `# Delete a Bolna disposition. In sandbox mode 3fa85f64-… deletes once;
# 44444444-… belongs to another account (ForbiddenError). Override the default in the
# Variables pane: { "id": "..." }
# A per-request key goes in the Headers pane: { "x-bolna-api-key": "..." }
mutation DeleteDisposition($id: ID! = "3fa85f64-5717-4562-b3fc-2c963f66afa6") {
  deleteDisposition(id: $id) {
    __typename
    ... on DeleteDispositionSuccess { dispositionId message }
    ... on DispositionNotFoundError { dispositionId }
    ... on InvalidInputError { field }
    ... on UnauthenticatedError { vendorCode }
    ... on ForbiddenError { vendorCode }
    ... on RateLimitedError { retryAfterSeconds }
    ... on UpstreamError { reason status }
    ... on Error { message vendor vendorCode retryable }
  }
}
`;

const gatewayInfo = `# What this gateway is connected to: sandbox or live, each vendor's origin, whether the
# gateway holds a key for it, and its circuit breaker.
query GatewayInfo {
  gateway {
    mode
    version
    vendors { vendor baseUrl hasServerKey circuit }
  }
}
`;

export const graphiqlTabs = [
  {
    query: deletePersona,
    variables: JSON.stringify({ id: '11111111-1111-4111-8111-111111111111' }, null, 2),
  },
  {
    query: deleteDisposition,
    variables: JSON.stringify({ id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }, null, 2),
  },
  { query: gatewayInfo },
];
