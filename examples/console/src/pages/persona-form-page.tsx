import type { Client } from '@urql/core';
import { useCallback, useEffect } from 'react';
import { useClient, useQuery } from 'urql';
import { FormLevelInvalid, TextAreaField, TextField, textOf } from '../forms/fields';
import { type InvalidField, toInvalidField } from '../forms/invalid-field';
import { type Answer, runMutation } from '../gateway/run-mutation';
import { useUserAction } from '../gateway/use-user-action';
import type { UserAction } from '../gateway/user-action';
import type {
  CreatePersonaInput,
  CreatePersonaMutation,
  PersonaQuery,
  UpdatePersonaInput,
  UpdatePersonaMutation,
} from '../generated/graphql';
import { FailureView, LaterMemberView, RequestFailedView } from '../members/failure-view';
import { NotFoundView } from '../members/not-found-view';
import { CreatePersonaDocument, UpdatePersonaDocument } from '../operations/persona-writes';
import { PersonaDocument } from '../operations/personas';
import { toHref } from '../routing/route';
import { QueryState } from './query-state';

/** What the persona form edits, as text. */
interface PersonaValues {
  name: string;
  role: string;
  description: string;
  tags: string;
  imageUrl: string;
  personalityPrompt: string;
}

const controls = ['name', 'role', 'description', 'tags', 'imageUrl', 'personalityPrompt'] as const;
const blank: PersonaValues = {
  name: '',
  role: '',
  description: '',
  tags: '',
  imageUrl: '',
  personalityPrompt: '',
};

type PersonaOutcome =
  | { kind: 'create'; answer: Answer<CreatePersonaMutation> }
  | { kind: 'update'; answer: Answer<UpdatePersonaMutation> };

type PersonaPayload = CreatePersonaMutation['createPersona'] | UpdatePersonaMutation['updatePersona'];

const splitTags = (tags: string) =>
  tags
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

/** A create sends what was filled in; Bland's defaults stand for the rest. */
function toCreateInput(values: PersonaValues): CreatePersonaInput {
  const optional = (text: string) => (text.trim() === '' ? undefined : text);
  return {
    name: values.name,
    role: optional(values.role),
    description: optional(values.description),
    tags: values.tags.trim() === '' ? undefined : splitTags(values.tags),
    imageUrl: optional(values.imageUrl),
    personalityPrompt: optional(values.personalityPrompt),
  };
}

/** An update sends only what changed; an emptied role, description or image URL is cleared (null). */
function toUpdateInput(initial: PersonaValues, values: PersonaValues): UpdatePersonaInput {
  const input: UpdatePersonaInput = {};
  if (values.name !== initial.name) input.name = values.name;
  for (const key of ['role', 'description', 'imageUrl'] as const) {
    if (values[key] !== initial[key]) input[key] = values[key].trim() === '' ? null : values[key];
  }
  if (values.tags !== initial.tags) input.tags = splitTags(values.tags);
  return input;
}

function toValues(form: FormData): PersonaValues {
  return {
    name: textOf(form, 'name'),
    role: textOf(form, 'role'),
    description: textOf(form, 'description'),
    tags: textOf(form, 'tags'),
    imageUrl: textOf(form, 'imageUrl'),
    personalityPrompt: textOf(form, 'personalityPrompt'),
  };
}

/** The InvalidInputError of an outcome, as the control it marks. */
function invalidOf(outcome: PersonaOutcome | null): InvalidField | null {
  if (outcome === null || outcome.answer.kind === 'failed') return null;
  const payload: PersonaPayload =
    outcome.kind === 'create' ? outcome.answer.data.createPersona : outcome.answer.data.updatePersona;
  return payload.__typename === 'InvalidInputError'
    ? toInvalidField(payload.field, payload.message, controls)
    : null;
}

/** The id of the persona an outcome created or saved, once it did. */
function savedIdOf(outcome: PersonaOutcome | null): string | null {
  if (outcome === null || outcome.answer.kind === 'failed') return null;
  const payload: PersonaPayload =
    outcome.kind === 'create' ? outcome.answer.data.createPersona : outcome.answer.data.updatePersona;
  return payload.__typename === 'CreatePersonaSuccess' || payload.__typename === 'UpdatePersonaSuccess'
    ? payload.persona.id
    : null;
}

/** Creates a persona (`id` null) or edits one; a success opens the persona's page. */
export function PersonaFormPage({ id }: { id: string | null }) {
  return id === null ? <PersonaForm id={null} initial={blank} /> : <EditPersona id={id} />;
}

function EditPersona({ id }: { id: string }) {
  const [state, reexecute] = useQuery({ query: PersonaDocument, variables: { id } });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <QueryState state={state} onRetry={retry}>
      {(data) => <EditablePersona result={data.persona} onRetry={retry} />}
    </QueryState>
  );
}

function EditablePersona({ result, onRetry }: { result: PersonaQuery['persona']; onRetry: () => void }) {
  switch (result.__typename) {
    case 'Persona':
      return (
        <PersonaForm
          id={result.id}
          initial={{
            name: result.name,
            role: result.role ?? '',
            description: result.description ?? '',
            tags: result.tags.join(', '),
            imageUrl: result.imageUrl ?? '',
            personalityPrompt: '',
          }}
        />
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

function PersonaForm({ id, initial }: { id: string | null; initial: PersonaValues }) {
  const client = useClient();
  const run = useCallback(
    (values: PersonaValues, action: UserAction) => savePersona(client, id, initial, values, action),
    [client, id, initial],
  );
  const saving = useUserAction(run);
  const outcome = saving.state.phase === 'done' ? saving.state.outcome : null;
  const invalid = invalidOf(outcome);
  const savedId = savedIdOf(outcome);
  const busy = saving.state.phase === 'running';

  useEffect(() => {
    if (savedId !== null) window.location.hash = toHref({ page: 'persona', id: savedId });
  }, [savedId]);

  return (
    <section aria-busy={busy}>
      <h1>{id === null ? 'New persona' : `Edit ${initial.name}`}</h1>
      <form
        className="edit"
        aria-label={id === null ? 'New persona' : 'Edit persona'}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          saving.start(toValues(new FormData(event.currentTarget)));
        }}
      >
        <TextField label="Name" name="name" invalid={invalid} defaultValue={initial.name} />
        <TextField label="Role" name="role" invalid={invalid} defaultValue={initial.role} />
        <TextAreaField
          label="Description"
          name="description"
          invalid={invalid}
          defaultValue={initial.description}
        />
        <TextField label="Tags" name="tags" invalid={invalid} defaultValue={initial.tags} />
        <TextField label="Image URL" name="imageUrl" invalid={invalid} defaultValue={initial.imageUrl} />
        {id === null ? (
          <TextAreaField
            label="Personality prompt"
            name="personalityPrompt"
            invalid={invalid}
            defaultValue={initial.personalityPrompt}
          />
        ) : null}
        <FormLevelInvalid invalid={invalid} />
        <button type="submit" disabled={busy}>
          {id === null ? 'Create persona' : 'Save'}
        </button>
      </form>
      {busy ? <p className="loading">Saving…</p> : null}
      {outcome === null ? null : <PersonaOutcomeView outcome={outcome} onRetry={saving.retry} />}
    </section>
  );
}

async function savePersona(
  client: Client,
  id: string | null,
  initial: PersonaValues,
  values: PersonaValues,
  action: UserAction,
): Promise<PersonaOutcome> {
  const key = action.keyFor('save');
  if (id === null) {
    return {
      kind: 'create',
      answer: await runMutation(client, CreatePersonaDocument, { input: toCreateInput(values) }, key),
    };
  }
  const input = toUpdateInput(initial, values);
  return { kind: 'update', answer: await runMutation(client, UpdatePersonaDocument, { id, input }, key) };
}

function PersonaOutcomeView({ outcome, onRetry }: { outcome: PersonaOutcome; onRetry: () => void }) {
  if (outcome.answer.kind === 'failed')
    return <RequestFailedView error={outcome.answer.error} onRetry={onRetry} />;
  const payload: PersonaPayload =
    outcome.kind === 'create' ? outcome.answer.data.createPersona : outcome.answer.data.updatePersona;
  return <PersonaPayloadView payload={payload} onRetry={onRetry} />;
}

/** Every member of `CreatePersonaPayload` and `UpdatePersonaPayload`. */
function PersonaPayloadView({ payload, onRetry }: { payload: PersonaPayload; onRetry: () => void }) {
  switch (payload.__typename) {
    case 'CreatePersonaSuccess':
    case 'UpdatePersonaSuccess':
      return (
        <div className="success" role="status" data-member={payload.__typename}>
          Saved <a href={toHref({ page: 'persona', id: payload.persona.id })}>{payload.persona.name}</a>.
        </div>
      );
    case 'PersonaNotFoundError':
      return <NotFoundView notFound={payload} />;
    case 'InvalidInputError':
      // The control it names is marked in the form; a path the form has no control for shows there too.
      return null;
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
