import { useQuery } from 'urql';
import type { PersonasQuery } from '../generated/graphql';
import { FailureView, LaterMemberView } from '../members/failure-view';
import { PersonasDocument } from '../operations/personas';
import { toHref } from '../routing/route';
import { QueryState } from './query-state';

/** Personas a page at a time, each with the numbers whose calls it answers. */
export function PersonasPage({ first, after }: { first: number; after: string | null }) {
  const [state, reexecute] = useQuery({ query: PersonasDocument, variables: { first, after } });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <section>
      <h1>Personas</h1>
      <p className="actions">
        <a href={toHref({ page: 'persona-form', id: null })}>New persona</a>
      </p>
      <QueryState state={state} onRetry={retry}>
        {(data) => <PersonasResultView result={data.personas} first={first} after={after} onRetry={retry} />}
      </QueryState>
    </section>
  );
}

function PersonasResultView({
  result,
  first,
  after,
  onRetry,
}: {
  result: PersonasQuery['personas'];
  first: number;
  after: string | null;
  onRetry: () => void;
}) {
  switch (result.__typename) {
    case 'PersonaConnection':
      return (
        <>
          {result.edges.length === 0 ? (
            <p>No personas{after === null ? '' : ' on this page'}.</p>
          ) : (
            <table aria-label="Personas">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Numbers</th>
                </tr>
              </thead>
              <tbody>
                {result.edges.map(({ cursor, node }) => (
                  <tr key={cursor}>
                    <td>
                      <a href={toHref({ page: 'persona', id: node.id })}>{node.name}</a>
                    </td>
                    <td>{node.role ?? ''}</td>
                    <td>
                      {node.inboundNumbers.length === 0
                        ? 'none'
                        : node.inboundNumbers.map(({ phoneNumber }) => phoneNumber).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav className="paging" aria-label="Pages">
            {after === null ? null : (
              <a href={toHref({ page: 'personas', first, after: null })}>First page</a>
            )}
            {result.pageInfo.hasNextPage && result.pageInfo.endCursor ? (
              <a href={toHref({ page: 'personas', first, after: result.pageInfo.endCursor })}>Next page</a>
            ) : null}
          </nav>
        </>
      );
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return <FailureView failure={result} onRetry={onRetry} />;
    default: {
      const unhandled: never = result;
      return <LaterMemberView member={unhandled} onRetry={onRetry} />;
    }
  }
}
