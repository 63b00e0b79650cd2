import type { AnyVariables, UseQueryState } from 'urql';
import { RequestFailedView } from '../members/failure-view';

/**
 * A query's data once it has some; otherwise what the page shows meanwhile: loading, or why the
 * request brought nothing (with Retry).
 */
export function QueryState<Data, Variables extends AnyVariables>({
  state,
  onRetry,
  children,
}: {
  state: UseQueryState<Data, Variables>;
  onRetry: () => void;
  children: (data: Data) => React.ReactNode;
}) {
  if (state.error) return <RequestFailedView error={state.error} onRetry={onRetry} />;
  if (state.data === undefined) return <p className="loading">Loading…</p>;
  return <>{children(state.data)}</>;
}
