/**
 * The tabs GraphiQL opens with: the deletes, the reads and the resolve-in-use journey, each with a
 * fragment on the members a newcomer needs to see the whole shape of an answer before running anything.
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
    ... on DeletePersonaSuccess { personaId message confirmedBy }
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
    ... on DeleteDispositionSuccess { dispositionId message confirmedBy }
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

const personas = `# Bland personas, a page at a time, with the phone numbers that use each. Pass an edge's
# cursor (or pageInfo.endCursor) as $after for the next page. While a persona has numbers,
# deletePersona answers PersonaInUseError unless force is true: see the ResolvePersonaInUse tab.
query Personas($first: Int! = 10, $after: String) {
  personas(first: $first, after: $after) {
    __typename
    ... on PersonaConnection {
      edges {
        cursor
        node {
          id
          name
          role
          inboundNumbers { phoneNumber label }
          productionVersion { versionNumber }
          draftVersion { versionNumber }
        }
      }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
    ... on InvalidInputError { field }
    ... on UpstreamError { reason status }
    ... on Error { message vendor vendorCode retryable }
  }
}
`;

const resolvePersonaInUse = `# Resolve a PersonaInUseError without forcing, in three steps: run each operation in turn
# (the Run button asks which). In sandbox mode 22222222-… is used by two numbers.
# 1. The delete is refused: PersonaInUseError names the numbers that still use the persona.
mutation ResolvePersonaInUse($id: ID! = "22222222-2222-4222-8222-222222222222") {
  deletePersona(id: $id) {
    __typename
    ... on PersonaInUseError { personaId phoneNumbers suggestion }
    ... on DeletePersonaSuccess { personaId confirmedBy }
    ... on Error { message vendor vendorCode retryable }
  }
}

# 2. Stop those numbers using the persona: PersonaNumbersSuccess lists what is left (none).
mutation DetachNumbers(
  $personaId: ID! = "22222222-2222-4222-8222-222222222222"
  $phoneNumbers: [String!]! = ["+15551234567", "+15551234568"]
) {
  detachPersonaNumbers(personaId: $personaId, phoneNumbers: $phoneNumbers) {
    __typename
    ... on PersonaNumbersSuccess { personaId inboundNumbers { phoneNumber label } }
    ... on InvalidPhoneNumbersError { phoneNumbers }
    ... on InvalidInputError { field }
    ... on Error { message vendor vendorCode retryable }
  }
}

# 3. Delete again, still without force: DeletePersonaSuccess.
mutation DeleteAfterDetach($id: ID! = "22222222-2222-4222-8222-222222222222") {
  deletePersona(id: $id) {
    __typename
    ... on DeletePersonaSuccess { personaId message confirmedBy }
    ... on PersonaInUseError { phoneNumbers }
    ... on Error { message vendor vendorCode retryable }
  }
}
`;

const dispositions = `# Bolna dispositions: the account's own, or with $agentId those that run on that agent (its
# own and the global ones). In sandbox mode, try aaaaaaaa-0000-4000-8000-000000000001.
query Dispositions($agentId: ID) {
  dispositions(agentId: $agentId) {
    __typename
    ... on DispositionList {
      agentId
      dispositions { id name question category isSubjective isObjective subjectiveType objectiveOptions { value condition } }
      globalDispositions { id name question }
    }
    ... on InvalidInputError { field }
    ... on Error { message vendor vendorCode retryable }
  }
}
`;

/** The members every write union shares, as each journey tab selects them (a tab is a whole document). */
const failureFragment = `# The members every write union shares.
fragment Failure on Error {
  message vendor vendorCode retryable
  ... on InvalidInputError { field }
  ... on UnauthenticatedError { vendorCode }
  ... on ForbiddenError { vendorCode }
  ... on RateLimitedError { retryAfterSeconds }
  ... on UpstreamError { reason status }
}
`;

const personaJourney = `# A persona's journey: run the operations in order (the Run button asks which).
# 1. CreatePersona makes a persona with production version 1 and draft version 2.
# 2. PromotePersonaDraft on 33333333-… ("No Draft") answers NoDraftVersionError.
# 3. UpdatePersona gives it a draft: persona fields change at once, prompts land on the draft.
#    No name is given, so the gateway reads the persona's current one (Bland requires it).
# 4. PromotePersonaDraft again: the draft becomes production version 3, and is kept.
# A lost answer to a create or a promote is never sent again: UpstreamError says retryable false.
mutation CreatePersona(
  $input: CreatePersonaInput! = { name: "Billing Agent", personalityPrompt: "You explain invoices." }
) {
  createPersona(input: $input) {
    __typename
    ... on CreatePersonaSuccess {
      persona {
        id name
        productionVersion { versionNumber type orchestrationPrompt }
        draftVersion { versionNumber type orchestrationPrompt }
      }
    }
    ...Failure
  }
}

mutation UpdatePersona(
  $id: ID! = "33333333-3333-4333-8333-333333333333"
  $input: UpdatePersonaInput! = { orchestrationPrompt: "Greet, then ask how to help." }
) {
  updatePersona(id: $id, input: $input) {
    __typename
    ... on UpdatePersonaSuccess {
      persona {
        id name
        productionVersion { versionNumber type orchestrationPrompt }
        draftVersion { versionNumber type orchestrationPrompt }
      }
    }
    ... on PersonaNotFoundError { personaId }
    ...Failure
  }
}

mutation PromotePersonaDraft($id: ID! = "33333333-3333-4333-8333-333333333333") {
  promotePersonaDraft(id: $id) {
    __typename
    ... on PromotePersonaDraftSuccess {
      persona {
        id name
        productionVersion { versionNumber type orchestrationPrompt }
        draftVersion { versionNumber type orchestrationPrompt }
      }
    }
    ... on PersonaNotFoundError { personaId }
    ... on NoDraftVersionError { personaId }
    ...Failure
  }
}

${failureFragment}`;

const dispositionJourney = `# A disposition's journey: run the operations in order (the Run button asks which).
# 1. CreateDisposition answers the new id only; disposition(id) finds it after a few seconds.
# 2. UpdateDisposition on 55555555-… ("Lead Quality", shared by two agents) with an agentId:
#    Bolna leaves the original to the other agent and answers a copy (copied: true, a new id).
# 3. CreateDispositions: all or nothing, every one linked to the agent.
mutation CreateDisposition(
  $input: CreateDispositionInput! = {
    agentId: "aaaaaaaa-0000-4000-8000-000000000001"
    name: "Callback Requested"
    question: "Did the caller ask to be called back?"
    isObjective: true
    objectiveOptions: [{ value: "yes", condition: "The caller asked for a callback" }]
  }
) {
  createDisposition(input: $input) {
    __typename
    ... on CreateDispositionSuccess { dispositionId message }
    ...Failure
  }
}

mutation UpdateDisposition(
  $id: ID! = "55555555-5555-4555-8555-555555555555"
  $input: UpdateDispositionInput! = {
    agentId: "aaaaaaaa-0000-4000-8000-000000000002"
    question: "How warm is the lead, 1 to 5?"
  }
) {
  updateDisposition(id: $id, input: $input) {
    __typename
    ... on UpdateDispositionSuccess { dispositionId copied originalId message }
    ... on DispositionNotFoundError { dispositionId }
    ...Failure
  }
}

mutation CreateDispositions(
  $agentId: ID! = "aaaaaaaa-0000-4000-8000-000000000001"
  $inputs: [DispositionInput!]! = [
    { name: "Budget", question: "Did the caller name a budget?", isSubjective: true }
    { name: "Timeline", question: "When does the caller want to start?", isSubjective: true }
  ]
) {
  createDispositions(agentId: $agentId, inputs: $inputs) {
    __typename
    ... on CreateDispositionsSuccess { dispositionIds message }
    ...Failure
  }
}

${failureFragment}`;

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

/** Every tab, in order; the write journeys come last. */
export const graphiqlTabs = [
  {
    query: deletePersona,
    variables: JSON.stringify({ id: '11111111-1111-4111-8111-111111111111' }, null, 2),
  },
  {
    query: deleteDisposition,
    variables: JSON.stringify({ id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }, null, 2),
  },
  { query: personas },
  { query: resolvePersonaInUse },
  { query: dispositions },
  { query: personaJourney },
  { query: dispositionJourney },
  { query: gatewayInfo },
];
