import { graphql } from '../generated/index';

/** Every member of `CreatePersonaPayload`. */
export const CreatePersonaDocument = graphql(`
  mutation CreatePersona($input: CreatePersonaInput!) {
    createPersona(input: $input) {
      __typename
      ... on CreatePersonaSuccess { persona { id name } }
      ...FailureFields
    }
  }
`);

/** Every member of `UpdatePersonaPayload`. */
export const UpdatePersonaDocument = graphql(`
  mutation UpdatePersona($id: ID!, $input: UpdatePersonaInput!) {
    updatePersona(id: $id, input: $input) {
      __typename
      ... on UpdatePersonaSuccess { persona { id name } }
      ... on PersonaNotFoundError { personaId }
      ...FailureFields
    }
  }
`);
