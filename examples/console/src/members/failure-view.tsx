import type { CombinedError } from '@urql/core';
import type {
  DeleteDispositionMutation,
  DeletePersonaMutation,
  DetachPersonaNumbersMutation,
  DispositionsQuery,
  PersonaQuery,
  PersonasQuery,
} from '../generated/graphql';

type SharedName =
  | 'InvalidInputError'
  | 'UnauthenticatedError'
  | 'ForbiddenError'
  | 'RateLimitedError'
  | 'UpstreamError';

/** The failures every union the console reads shares, as the operations select them. */
export type SharedFailure = Extract<
  | PersonasQuery['personas']
  | PersonaQuery['persona']
  | DeletePersonaMutation['deletePersona']
  | DetachPersonaNumbersMutation['detachPersonaNumbers']
  | DispositionsQuery['dispositions']
  | DeleteDispositionMutation['deleteDisposition'],
  { __typename: SharedName }
>;

/** A union member this build was not generated for, as every failure arrives: through `... on Error`. */
export interface LaterMember {
  __typename: string;
  message?: string;
  retryable?: boolean;
}

interface RetryProps {
  /** Runs the same request again (a mutation under the same Idempotency-Key); absent: no Retry button. */
  onRetry?: (() => void) | undefined;
}

function RetryButton({ onRetry }: RetryProps) {
  return onRetry ? (
    <button type="button" onClick={onRetry}>
      Retry
    </button>
  ) : null;
}

/** One shared failure, each member saying what it means for the operator. */
export function FailureView({ failure, onRetry }: { failure: SharedFailure } & RetryProps) {
  const retry = failure.retryable ? <RetryButton onRetry={onRetry} /> : null;
  switch (failure.__typename) {
    case 'InvalidInputError':
      return (
        <div className="failure" role="alert" data-member={failure.__typename}>
          <strong>Invalid {failure.field}:</strong> {failure.message} {retry}
        </div>
      );
    case 'UnauthenticatedError':
      return (
        <div className="failure" role="alert" data-member={failure.__typename}>
          <strong>No usable {failure.vendor} credential:</strong> {failure.message} {retry}
        </div>
      );
    case 'ForbiddenError':
      return (
        <div className="failure" role="alert" data-member={failure.__typename}>
          <strong>{failure.vendor} refused:</strong> {failure.message} {retry}
        </div>
      );
    case 'RateLimitedError':
      return (
        <div className="failure" role="alert" data-member={failure.__typename}>
          <strong>Rate limited by {failure.vendor}:</strong> {failure.message}
          {failure.retryAfterSeconds == null ? '' : ` Try again in ${failure.retryAfterSeconds} s.`} {retry}
        </div>
      );
    case 'UpstreamError':
      return (
        <div className="failure" role="alert" data-member={failure.__typename}>
          <strong>
            {failure.vendor} {failure.reason.toLowerCase().replaceAll('_', ' ')}
            {failure.status == null ? '' : ` (HTTP ${failure.status})`}:
          </strong>{' '}
          {failure.message} {retry}
        </div>
      );
    default: {
      const unhandled: never = failure;
      return <LaterMemberView member={unhandled} onRetry={onRetry} />;
    }
  }
}

/**
 * The default branch of every exhaustive switch: unreachable while the build matches the schema,
 * it renders a member added to the gateway later through the `Error` fields every failure has.
 */
export function LaterMemberView({ member, onRetry }: { member: LaterMember } & RetryProps) {
  return (
    <div className="failure" role="alert" data-member={member.__typename}>
      <strong>{member.__typename}:</strong> {member.message ?? 'an answer this console does not know yet.'}{' '}
      {member.retryable ? <RetryButton onRetry={onRetry} /> : null}
    </div>
  );
}

/** A request that brought no payload back: unreachable gateway, an HTTP refusal, GraphQL errors. */
export function RequestFailedView({ error, onRetry }: { error: CombinedError } & RetryProps) {
  const codes = error.graphQLErrors.map((graphQLError) => graphQLError.extensions.code).filter(Boolean);
  return (
    <div className="failure" role="alert" data-member="RequestFailed">
      <strong>The request failed{codes.length > 0 ? ` (${codes.join(', ')})` : ''}:</strong> {error.message}{' '}
      <RetryButton onRetry={onRetry} />
    </div>
  );
}
