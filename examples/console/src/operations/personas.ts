import { graphql } from '../generated/index';

/** One page of personas with the numbers each answers: every member of `PersonasResult`. */
export const PersonasDocument = graphql(`
  query Personas($first: Int!, $after: String) {
    personas(first: $first, after: $after) {
      __typename
      ... on PersonaConnection {
        edges {
          cursor
          node { id name role inboundNumbers { phoneNumber label } }
        }
        pageInfo { hasNextPage endCursor }
      }
      ...FailureFields
    }
  }
`);

/** One persona, everything the console shows of it: every member of `PersonaResult`. */
export const PersonaDocument = graphql(`
  query Persona($id: ID!) {
    persona(id: $id) {
      __typename
      ... on Persona {
        id
        name
        role
        description
        tags
        imageUrl
        updatedAt
        inboundNumbers { phoneNumber label }
        productionVersion { versionNumber personalityPrompt }
        draftVersion { versionNumber }
      }
      ... on PersonaNotFoundError { personaId }
      ...FailureFields
    }
  }
`);

/** Every member of `DeletePersonaPayload`. */
export const DeletePersonaDocument = graphql(`
  mutation DeletePersona($id: ID!, $force: Boolean!) {
    deletePersona(id: $id, force: $force) {
      __typename
      ... on DeletePersonaSuccess { personaId message confirmedBy }
      ... on PersonaNotFoundError { personaId }
      ... on PersonaInUseError { personaId phoneNumbers suggestion }
      ...FailureFields
    }
  }
`);

/** Every member of `PersonaNumbersPayload`. */
export const DetachPersonaNumbersDocument = graphql(`
  mutation DetachPersonaNumbers($personaId: ID!, $phoneNumbers: [String!]!) {
    detachPersonaNumbers(personaId: $personaId, phoneNumbers: $phoneNumbers) {
      __typename
      ... on PersonaNumbersSuccess { personaId inboundNumbers { phoneNumber } }
      ... on PersonaNotFoundError { personaId }
      ... on InvalidPhoneNumbersError { phoneNumbers }
      ...FailureFields
    }
  }
`);
