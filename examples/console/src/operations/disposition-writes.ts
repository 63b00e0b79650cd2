import { graphql } from '../generated/index';

/** One disposition with every field its form edits: every member of `DispositionResult`. */
export const DispositionDocument = graphql(`
  query Disposition($id: ID!) {
    disposition(id: $id) {
      __typename
      ... on Disposition {
        id
        name
        question
        category
        isSubjective
        isObjective
        subjectiveType
        subjectivePattern
        objectiveOptions { value condition subOptions { value } }
      }
      ... on DispositionNotFoundError { dispositionId }
      ...FailureFields
    }
  }
`);

/** Every member of `CreateDispositionPayload`. */
export const CreateDispositionDocument = graphql(`
  mutation CreateDisposition($input: CreateDispositionInput!) {
    createDisposition(input: $input) {
      __typename
      ... on CreateDispositionSuccess { dispositionId message }
      ...FailureFields
    }
  }
`);

/** Every member of `UpdateDispositionPayload`. */
export const UpdateDispositionDocument = graphql(`
  mutation UpdateDisposition($id: ID!, $input: UpdateDispositionInput!) {
    updateDisposition(id: $id, input: $input) {
      __typename
      ... on UpdateDispositionSuccess { dispositionId copied originalId message }
      ... on DispositionNotFoundError { dispositionId }
      ...FailureFields
    }
  }
`);
