import { graphql } from '../generated/index';

/** The account's own dispositions, or an agent's own and the global ones on it: every member of `DispositionsResult`. */
export const DispositionsDocument = graphql(`
  query Dispositions($agentId: ID) {
    dispositions(agentId: $agentId) {
      __typename
      ... on DispositionList {
        agentId
        dispositions { id name question category createdBy }
        globalDispositions { id name question category createdBy }
      }
      ...FailureFields
    }
  }
`);

/** Every member of `DeleteDispositionPayload`. */
export const DeleteDispositionDocument = graphql(`
  mutation DeleteDisposition($id: ID!) {
    deleteDisposition(id: $id) {
      __typename
      ... on DeleteDispositionSuccess { dispositionId message confirmedBy }
      ... on DispositionNotFoundError { dispositionId }
      ...FailureFields
    }
  }
`);
