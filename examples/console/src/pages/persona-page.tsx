import type { Client } from '@urql/core';
import { useCallback } from 'react';
import { useClient, useQuery } from 'urql';
import { type Answer, runMutation } from '../gateway/run-mutation';
import { useUserAction } from '../gateway/use-user-action';
import type { UserAction } from '../gateway/user-action';
import type { DeletePersonaMutation, DetachPersonaNumbersMutation, PersonaQuery } from '../generated/graphql';
import { describeConfirmation } from '../members/confirmation';
import { FailureView, LaterMemberView, RequestFailedView } from '../members/failure-view';
import { NotFoundView } from '../members/not-found-view';
import { DeletePersonaDocument, DetachPersonaNumbersDocument, PersonaDocument } from '../operations/personas';
import { toHref } from '../routing/route';
import { QueryState } from './query-state';

/** What the operator asked for; each is one user action with its own Idempotency-Keys. */
type DeleteInput =
  | { kind: 'delete' }
  | { kind: 'force-delete' }
  | { kind: 'detach-and-delete'; phoneNumbers: string[] };

/** Where an action stopped: the delete's answer, or the detach's when it did not succeed. */
type DeleteOutcome =
  | { step: 'delete'; answer: Answer<DeletePersonaMutation> }
  | { step: 'detach'; answer: Answer<DetachPersonaNumbersMutation> };

async function runDelete(
  client: Client,
  id: string,
  input: DeleteInput,
  action: UserAction,
): Promise<DeleteOutcome> {
  if (input.kind === 'detach-and-delete') {
    const detached = await runMutation(
      client,
      DetachPersonaNumbersDocument,
      { personaId: id, phoneNumbers: input.phoneNumbers },
      action.keyFor('detach'),
    );
    if (
      detached.kind === 'failed' ||
      detached.data.detachPersonaNumbers.__typename !== 'PersonaNumbersSuccess'
    ) {
      return { step: 'detach', answer: detached };
    }
  }
  const force = input.kind === 'force-delete';
  const answer = await runMutation(client, DeletePersonaDocument, { id, force }, action.keyFor('delete'));
  return { step: 'delete', answer };
}

/** One persona: its numbers and versions, and deleting it, resolving a persona in use on the way. */
export function PersonaPage({ id }: { id: string }) {
  const client = useClient();
  const [state, reexecute] = useQuery({ query: PersonaDocument, variables: { id } });
  const run = useCallback(
    (input: DeleteInput, action: UserAction) => runDelete(client, id, input, action),
    [client, id],
  );
  const deletion = useUserAction(run);
  const retryRead = () => reexecute({ requestPolicy: 'network-only' });
  const outcome = deletion.state.phase === 'done' ? deletion.state.outcome : null;
  const deleted =
    outcome?.step === 'delete' &&
    outcome.answer.kind === 'data' &&
    outcome.answer.data.deletePersona.__typename === 'DeletePersonaSuccess';
  const busy = deletion.state.phase === 'running';

  return (
    <section aria-busy={busy}>
      <p>
        <a href={toHref({ page: 'personas', first: 20, after: null })}>← Personas</a>
      </p>
      {deleted ? null : (
        <QueryState state={state} onRetry={retryRead}>
          {(data) => (
            <PersonaResultView
              result={data.persona}
              onRetry={retryRead}
              onDelete={() => deletion.start({ kind: 'delete' })}
              busy={busy}
            />
          )}
        </QueryState>
      )}
      {busy ? <p className="loading">Working…</p> : null}
      {outcome === null ? null : (
        <DeleteOutcomeView
          outcome={outcome}
          onRetry={deletion.retry}
          onDetachAndDelete={(phoneNumbers) => deletion.start({ kind: 'detach-and-delete', phoneNumbers })}
          onForceDelete={() => deletion.start({ kind: 'force-delete' })}
          busy={busy}
        />
      )}
    </section>
  );
}

function PersonaResultView({
  result,
  onRetry,
  onDelete,
  busy,
}: {
  result: PersonaQuery['persona'];
  onRetry: () => void;
  onDelete: () => void;
  busy: boolean;
}) {
  switch (result.__typename) {
    case 'Persona':
      return (
        <>
          <h1>{result.name}</h1>
          <dl>
            <dt>Id</dt>
            <dd>
              <code>{result.id}</code>
            </dd>
            <dt>Role</dt>
            <dd>{result.role ?? '—'}</dd>
            <dt>Description</dt>
            <dd>{result.description ?? '—'}</dd>
            <dt>Tags</dt>
            <dd>{result.tags.length === 0 ? '—' : result.tags.join(', ')}</dd>
            <dt>Versions</dt>
            <dd>
              {result.productionVersion
                ? `production ${result.productionVersion.versionNumber}`
                : 'no production'}
              {result.draftVersion ? `, draft ${result.draftVersion.versionNumber}` : ', no draft'}
            </dd>
          </dl>
          <h2>Numbers</h2>
          {result.inboundNumbers.length === 0 ? (
            <p>No number answers with this persona.</p>
          ) : (
            <ul aria-label="Numbers">
              {result.inboundNumbers.map(({ phoneNumber, label }) => (
                <li key={phoneNumber}>
                  {phoneNumber}
                  {label ? ` (${label})` : ''}
                </li>
              ))}
            </ul>
          )}
          <p className="actions">
            <a className="button" href={toHref({ page: 'persona-form', id: result.id })}>
              Edit
            </a>
            <button type="button" className="danger" onClick={onDelete} disabled={busy}>
              Delete
            </button>
          </p>
        </>
      );
    case 'PersonaNotFoundError':
      return <NotFoundView notFound={result} />;
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

function DeleteOutcomeView({
  outcome,
  onRetry,
  onDetachAndDelete,
  onForceDelete,
  busy,
}: {
  outcome: DeleteOutcome;
  onRetry: () => void;
  onDetachAndDelete: (phoneNumbers: string[]) => void;
  onForceDelete: () => void;
  busy: boolean;
}) {
  if (outcome.answer.kind === 'failed')
    return <RequestFailedView error={outcome.answer.error} onRetry={onRetry} />;
  return outcome.step === 'delete' ? (
    <DeletePersonaPayloadView
      payload={outcome.answer.data.deletePersona}
      onRetry={onRetry}
      onDetachAndDelete={onDetachAndDelete}
      onForceDelete={onForceDelete}
      busy={busy}
    />
  ) : (
    <PersonaNumbersPayloadView payload={outcome.answer.data.detachPersonaNumbers} onRetry={onRetry} />
  );
}

/** Every member of `DeletePersonaPayload`, with the next steps a persona in use offers. */
export function DeletePersonaPayloadView({
  payload,
  onRetry,
  onDetachAndDelete,
  onForceDelete,
  busy,
}: {
  payload: DeletePersonaMutation['deletePersona'];
  onRetry: () => void;
  onDetachAndDelete: (phoneNumbers: string[]) => void;
  onForceDelete: () => void;
  busy: boolean;
}) {
  switch (payload.__typename) {
    case 'DeletePersonaSuccess':
      return (
        <div className="success" role="status" data-member={payload.__typename}>
          <strong>Deleted persona {payload.personaId}</strong> ({describeConfirmation(payload.confirmedBy)}):{' '}
          {payload.message}
        </div>
      );
    case 'PersonaInUseError':
      return (
        <div className="failure" role="alert" data-member={payload.__typename}>
          <p>
            <strong>In use by {payload.phoneNumbers.join(', ')}.</strong>{' '}
            {payload.suggestion ?? payload.message}
          </p>
          <ul aria-label="Numbers in use">
            {payload.phoneNumbers.map((phoneNumber) => (
              <li key={phoneNumber}>{phoneNumber}</li>
            ))}
          </ul>
          <p className="actions">
            <button type="button" onClick={() => onDetachAndDelete(payload.phoneNumbers)} disabled={busy}>
              Detach numbers and delete
            </button>
            <button type="button" className="danger" onClick={onForceDelete} disabled={busy}>
              Force delete
            </button>
          </p>
        </div>
      );
    case 'PersonaNotFoundError':
      return <NotFoundView notFound={payload} />;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return <FailureView failure={payload} onRetry={onRetry} />;
    default: {
      const unhandled: never = payload;
      return <LaterMemberView member={unhandled} onRetry={onRetry} />;
    }
  }
}

function PersonaNumbersPayloadView({
  payload,
  onRetry,
}: {
  payload: DetachPersonaNumbersMutation['detachPersonaNumbers'];
  onRetry: () => void;
}) {
  switch (payload.__typename) {
    case 'PersonaNumbersSuccess':
      return (
        <div className="success" role="status" data-member={payload.__typename}>
          Numbers detached; the persona now answers{' '}
          {payload.inboundNumbers.length === 0
            ? 'no number'
            : payload.inboundNumbers.map(({ phoneNumber }) => phoneNumber).join(', ')}
          .
        </div>
      );
    case 'InvalidPhoneNumbersError':
      return (
        <div className="failure" role="alert" data-member={payload.__typename}>
          <strong>Not the account's numbers: {payload.phoneNumbers.join(', ')}.</strong> {payload.message}
        </div>
      );
    case 'PersonaNotFoundError':
      return <NotFoundView notFound={payload} />;
    case 'InvalidInputError':
    case 'UnauthenticatedError':
    case 'ForbiddenError':
    case 'RateLimitedError':
    case 'UpstreamError':
      return <FailureView failure={payload} onRetry={onRetry} />;
    default: {
      const unhandled: never = payload;
      return <LaterMemberView member={unhandled} onRetry={onRetry} />;
    }
  }
}
