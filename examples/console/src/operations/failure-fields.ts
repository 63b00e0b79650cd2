import { graphql } from '../generated/index';

/**
 * What the console shows of any failure: the `Error` interface, which every failure implements
 * (so a member added to a union later still arrives with these), and the shared members' own fields.
 */
export const FailureFieldsFragment = graphql(`
  fragment FailureFields on Error {
    message
    vendor
    vendorCode
    retryable
    ... on InvalidInputError { field }
    ... on RateLimitedError { retryAfterSeconds }
    ... on UpstreamError { reason status }
  }
`);
