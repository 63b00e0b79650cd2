import type { Client } from '@urql/core';
import { useCallback, useEffect } from 'react';
import { useClient, useQuery } from 'urql';
import { type Answer, runMutation } from '../gateway/run-mutation';
import { useUserAction } from '../gateway/use-user-action';
import type { UserAction } from '../gateway/user-action';
import type { DeleteDispositionMutation, DispositionsQuery } from '../generated/graphql';
import { describeConfirmation } from '../members/confirmation';
import { FailureView, LaterMemberView, RequestFailedView } from '../members/failure-view';
import { NotFoundView } from '../members/not-found-view';
import { DeleteDispositionDocument, DispositionsDocument } from '../operations/dispositions';
import { toHref } from '../routing/route';
import { QueryState } from './query-state';

type DispositionRow = Extract<
  DispositionsQuery['dispositions'],
  { __typename: 'DispositionList' }
>['dispositions'][number];

interface DeleteInput {
  id: string;
  name: string;
  owner: string;
}

interface DeleteOutcome {
  input: DeleteInput;
  answer: Answer<DeleteDispositionMutation>;
}

async function runDelete(client: Client, input: DeleteInput, action: UserAction): Promise<DeleteOutcome> {
  const answer = await runMutation(
    client,
    DeleteDispositionDocument,
    { id: input.id },
    action.keyFor('delete'),
  );
  return { input, answer };
}

/** The account's own dispositions, or with an agent id the agent's own and the global ones on it. */
export function DispositionsPage({ agentId }: { agentId: string | null }) {
  const client = useClient();
  const [state, reexecute] = useQuery({ query: DispositionsDocument, variables: { agentId } });
  const run = useCallback(
    (input: DeleteInput, action: UserAction) => runDelete(client, input, action),
    [client],
  );
  const deletion = useUserAction(run);
  const reread = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const outcome = deletion.state.phase === 'done' ? deletion.state.outcome : null;
  const busy = deletion.state.phase === 'running';

  useEffect(() => {
    // A delete that worked changes the list: read it again.
    if (
      outcome?.answer.kind === 'data' &&
      outcome.answer.data.deleteDisposition.__typename === 'DeleteDispositionSuccess'
    ) {
      reread();
    }
  }, [outcome, reread]);

  return (
    <section aria-busy={busy}>
      <h1>Dispositions</h1>
      <p className="actions">
        <a href={toHref({ page: 'disposition-form', id: null })}>New disposition</a>
      </p>
      <AgentFilter agentId={agentId} />
      {busy ? <p className="loading">Working…</p> : null}
      {outcome === null ? null : <DeleteOutcomeView outcome={outcome} onRetry={deletion.retry} />}
      <QueryState state={state} onRetry={reread}>
        {(data) => (
          <DispositionsResultView
            result={data.dispositions}
            onRetry={reread}
            onDelete={(row) => deletion.start({ id: row.id, name: row.name, owner: row.createdBy })}
            busy={busy}
          />
        )}
      </QueryState>
    </section>
  );
}

function AgentFilter({ agentId }: { agentId: string | null }) {
  return (
    <form
      className="filter"
      onSubmit={(event) => {
        event.preventDefault();
        const value = new FormData(event.currentTarget).get('agentId');
        const chosen = typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
        window.location.hash = toHref({ page: 'dispositions', agentId: chosen });
      }}
    >
      <label>
        Agent id{' '}
        <input name="agentId" defaultValue={agentId ?? ''} placeholder="the account's own" key={agentId} />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

function DispositionsResultView({
  result,
  onRetry,
  onDelete,
  busy,
}: {
  result: DispositionsQuery['dispositions'];
  onRetry: () => void;
  onDelete: (row: DispositionRow) => void;
  busy: boolean;
}) {
  switch (result.__typename) {
    case 'DispositionList':
      return (
        <>
          <h2>{result.agentId === null ? "The account's own" : `Agent ${result.agentId}'s own`}</h2>
          <DispositionTable
            label="Own dispositions"
            rows={result.dispositions}
            onDelete={onDelete}
            busy={busy}
          />
          {result.agentId === null ? null : (
            <>
              <h2>Global, on this agent</h2>
              <DispositionTable
                label="Global dispositions"
                rows={result.globalDispositions}
                onDelete={onDelete}
                busy={busy}
              />
            </>
          )}
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

function DispositionTable({
  label,
  rows,
  onDelete,
  busy,
}: {
  label: string;
  rows: DispositionRow[];
  onDelete: (row: DispositionRow) => void;
  busy: boolean;
}) {
  if (rows.length === 0) return <p>None.</p>;
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Question</th>
          <th>Category</th>
          <th>Owner</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>{row.name}</td>
            <td>{row.question}</td>
            <td>{row.category}</td>
            <td>{row.createdBy}</td>
            <td className="actions">
              <a
                className="button"
                href={toHref({ page: 'disposition-form', id: row.id })}
                aria-label={`Edit ${row.name}`}
              >
                Edit
              </a>
              <button
                type="button"
                className="danger"
                onClick={() => onDelete(row)}
                disabled={busy}
                aria-label={`Delete ${row.name}`}
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeleteOutcomeView({ outcome, onRetry }: { outcome: DeleteOutcome; onRetry: () => void }) {
  if (outcome.answer.kind === 'failed')
    return <RequestFailedView error={outcome.answer.error} onRetry={onRetry} />;
  return (
    <DeleteDispositionPayloadView
      input={outcome.input}
      payload={outcome.answer.data.deleteDisposition}
      onRetry={onRetry}
    />
  );
}

function DeleteDispositionPayloadView({
  input,
  payload,
  onRetry,
}: {
  input: DeleteInput;
  payload: DeleteDispositionMutation['deleteDisposition'];
  onRetry: () => void;
}) {
  switch (payload.__typename) {
    case 'DeleteDispositionSuccess':
      return (
        <div className="success" role="status" data-member={payload.__typename}>
          <strong>Deleted “{input.name}”</strong> ({describeConfirmation(payload.confirmedBy)}):{' '}
          {payload.message}
        </div>
      );
    case 'DispositionNotFoundError':
      return <NotFoundView notFound={payload} />;
    case 'ForbiddenError':
      return (
        <div className="failure" role="alert" data-member={payload.__typename}>
          <strong>
            Not deleted: “{input.name}” belongs to {input.owner}, and only its owner may delete it.
          </strong>{' '}
          {payload.vendor} said: {payload.message}
        </div>
      );
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return <FailureView failure={payload} onRetry={onRetry} />;
    default: {
      const unhandled: never = payload;
      return <LaterMemberView member={unhandled} onRetry={onRetry} />;
    }
  }
}
