import type { Client } from '@urql/core';
import { useCallback } from 'react';
import { useClient, useQuery } from 'urql';
import {
  CheckboxField,
  FormLevelInvalid,
  SelectField,
  TextAreaField,
  TextField,
  textOf,
} from '../forms/fields';
import { type InvalidField, toInvalidField } from '../forms/invalid-field';
import { type Answer, runMutation } from '../gateway/run-mutation';
import { useUserAction } from '../gateway/use-user-action';
import type { UserAction } from '../gateway/user-action';
import type {
  CreateDispositionInput,
  CreateDispositionMutation,
  DispositionQuery,
  SubjectiveType,
  UpdateDispositionInput,
  UpdateDispositionMutation,
} from '../generated/graphql';
import { FailureView, LaterMemberView, RequestFailedView } from '../members/failure-view';
import { NotFoundView } from '../members/not-found-view';
import {
  CreateDispositionDocument,
  DispositionDocument,
  UpdateDispositionDocument,
} from '../operations/disposition-writes';
import { toHref } from '../routing/route';
import { QueryState } from './query-state';

/** The kinds of subjective answer a form may choose (OTHER is the schema's "unknown", refused as input). */
const subjectiveTypes: Record<Exclude<SubjectiveType, 'OTHER'>, true> = {
  TEXT: true,
  BOOLEAN: true,
  NUMERIC: true,
  EMAIL: true,
  TIMESTAMP: true,
  REGEX: true,
};

/** What the disposition form edits, as the form holds it. */
interface DispositionValues {
  name: string;
  question: string;
  category: string;
  agentId: string;
  isSubjective: boolean;
  subjectiveType: string;
  subjectivePattern: string;
  isObjective: boolean;
  /** One option a line, `value: condition`. */
  objectiveOptions: string;
}

const controls = [
  'name',
  'question',
  'category',
  'agentId',
  'isSubjective',
  'subjectiveType',
  'subjectivePattern',
  'isObjective',
  'objectiveOptions',
] as const;

const blank: DispositionValues = {
  name: '',
  question: '',
  category: '',
  agentId: '',
  isSubjective: true,
  subjectiveType: 'TEXT',
  subjectivePattern: '',
  isObjective: false,
  objectiveOptions: '',
};

type DispositionOutcome =
  | { kind: 'create'; answer: Answer<CreateDispositionMutation> }
  | { kind: 'update'; answer: Answer<UpdateDispositionMutation> };

type DispositionPayload =
  | CreateDispositionMutation['createDisposition']
  | UpdateDispositionMutation['updateDisposition'];

function toOptions(lines: string) {
  return lines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return colon === -1
        ? { value: line.trim(), condition: '' }
        : { value: line.slice(0, colon).trim(), condition: line.slice(colon + 1).trim() };
    });
}

function toSubjectiveType(text: string): SubjectiveType {
  return text in subjectiveTypes ? (text as SubjectiveType) : 'TEXT';
}

/** A create sends what was filled in; Bolna's defaults stand for the rest. */
function toCreateInput(values: DispositionValues): CreateDispositionInput {
  const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
  return {
    name: values.name,
    question: values.question,
    category: optional(values.category),
    agentId: optional(values.agentId),
    isSubjective: values.isSubjective,
    isObjective: values.isObjective,
    subjectiveType: values.isSubjective ? toSubjectiveType(values.subjectiveType) : undefined,
    subjectivePattern: optional(values.subjectivePattern),
    objectiveOptions: values.isObjective ? toOptions(values.objectiveOptions) : undefined,
  };
}

/** An update sends only what changed. */
function toUpdateInput(initial: DispositionValues, values: DispositionValues): UpdateDispositionInput {
  const input: UpdateDispositionInput = {};
  if (values.name !== initial.name) input.name = values.name;
  if (values.question !== initial.question) input.question = values.question;
  if (values.category !== initial.category) input.category = values.category;
  if (values.isSubjective !== initial.isSubjective) input.isSubjective = values.isSubjective;
  if (values.isObjective !== initial.isObjective) input.isObjective = values.isObjective;
  if (values.subjectiveType !== initial.subjectiveType)
    input.subjectiveType = toSubjectiveType(values.subjectiveType);
  if (values.subjectivePattern !== initial.subjectivePattern) {
    input.subjectivePattern = values.subjectivePattern.trim() === '' ? null : values.subjectivePattern;
  }
  if (values.objectiveOptions !== initial.objectiveOptions)
    input.objectiveOptions = toOptions(values.objectiveOptions);
  return input;
}

function toValues(form: FormData, initial: DispositionValues): DispositionValues {
  return {
    name: textOf(form, 'name'),
    question: textOf(form, 'question'),
    category: textOf(form, 'category'),
    agentId: textOf(form, 'agentId'),
    isSubjective: form.get('isSubjective') === 'on',
    subjectiveType: textOf(form, 'subjectiveType'),
    subjectivePattern: textOf(form, 'subjectivePattern'),
    isObjective: form.get('isObjective') === 'on',
    // A read-only textarea (options with sub-options) still submits: unchanged, it is not sent.
    objectiveOptions: form.has('objectiveOptions')
      ? textOf(form, 'objectiveOptions')
      : initial.objectiveOptions,
  };
}

function payloadOf(outcome: DispositionOutcome | null): DispositionPayload | null {
  if (outcome === null || outcome.answer.kind === 'failed') return null;
  return outcome.kind === 'create'
    ? outcome.answer.data.createDisposition
    : outcome.answer.data.updateDisposition;
}

/** Creates a disposition (`id` null) or edits one. */
export function DispositionFormPage({ id }: { id: string | null }) {
  return id === null ? (
    <DispositionForm id={null} initial={blank} hasSubOptions={false} />
  ) : (
    <EditDisposition id={id} />
  );
}

function EditDisposition({ id }: { id: string }) {
  const [state, reexecute] = useQuery({ query: DispositionDocument, variables: { id } });
  const retry = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <QueryState state={state} onRetry={retry}>
      {(data) => <EditableDisposition result={data.disposition} onRetry={retry} />}
    </QueryState>
  );
}

function EditableDisposition({
  result,
  onRetry,
}: {
  result: DispositionQuery['disposition'];
  onRetry: () => void;
}) {
  switch (result.__typename) {
    case 'Disposition':
      return (
        <DispositionForm
          id={result.id}
          hasSubOptions={result.objectiveOptions.some(({ subOptions }) => subOptions.length > 0)}
          initial={{
            name: result.name,
            question: result.question,
            category: result.category,
            agentId: '',
            isSubjective: result.isSubjective,
            subjectiveType: result.subjectiveType,
            subjectivePattern: result.subjectivePattern ?? '',
            isObjective: result.isObjective,
            objectiveOptions: result.objectiveOptions
              .map(({ value, condition }) => `${value}: ${condition}`)
              .join('\n'),
          }}
        />
      );
    case 'DispositionNotFoundError':
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

function DispositionForm({
  id,
  initial,
  hasSubOptions,
}: {
  id: string | null;
  initial: DispositionValues;
  hasSubOptions: boolean;
}) {
  const client = useClient();
  const run = useCallback(
    (values: DispositionValues, action: UserAction) => saveDisposition(client, id, initial, values, action),
    [client, id, initial],
  );
  const saving = useUserAction(run);
  const outcome = saving.state.phase === 'done' ? saving.state.outcome : null;
  const payload = payloadOf(outcome);
  const invalid: InvalidField | null =
    payload?.__typename === 'InvalidInputError'
      ? toInvalidField(payload.field, payload.message, controls)
      : null;
  const busy = saving.state.phase === 'running';

  return (
    <section aria-busy={busy}>
      <h1>{id === null ? 'New disposition' : `Edit ${initial.name}`}</h1>
      <form
        className="edit"
        aria-label={id === null ? 'New disposition' : 'Edit disposition'}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          saving.start(toValues(new FormData(event.currentTarget), initial));
        }}
      >
        <TextField label="Name" name="name" invalid={invalid} defaultValue={initial.name} />
        <TextAreaField label="Question" name="question" invalid={invalid} defaultValue={initial.question} />
        <TextField label="Category" name="category" invalid={invalid} defaultValue={initial.category} />
        {id === null ? <TextField label="Agent id" name="agentId" invalid={invalid} defaultValue="" /> : null}
        <CheckboxField
          label="Subjective"
          name="isSubjective"
          invalid={invalid}
          defaultChecked={initial.isSubjective}
        />
        <SelectField
          label="Subjective type"
          name="subjectiveType"
          invalid={invalid}
          defaultValue={initial.subjectiveType}
          options={Object.keys(subjectiveTypes)}
        />
        <TextField
          label="Pattern (REGEX)"
          name="subjectivePattern"
          invalid={invalid}
          defaultValue={initial.subjectivePattern}
        />
        <CheckboxField
          label="Objective"
          name="isObjective"
          invalid={invalid}
          defaultChecked={initial.isObjective}
        />
        <TextAreaField
          label="Objective options"
          name="objectiveOptions"
          invalid={invalid}
          defaultValue={initial.objectiveOptions}
          readOnly={hasSubOptions}
          hint={
            hasSubOptions
              ? 'they have sub-options: edit them through the API'
              : 'one a line, value: condition'
          }
        />
        <FormLevelInvalid invalid={invalid} />
        <button type="submit" disabled={busy}>
          {id === null ? 'Create disposition' : 'Save'}
        </button>
      </form>
      {busy ? <p className="loading">Saving…</p> : null}
      {outcome?.answer.kind === 'failed' ? (
        <RequestFailedView error={outcome.answer.error} onRetry={saving.retry} />
      ) : null}
      {payload === null ? null : <DispositionPayloadView payload={payload} onRetry={saving.retry} />}
    </section>
  );
}

async function saveDisposition(
  client: Client,
  id: string | null,
  initial: DispositionValues,
  values: DispositionValues,
  action: UserAction,
): Promise<DispositionOutcome> {
  const key = action.keyFor('save');
  if (id === null) {
    const input = toCreateInput(values);
    return { kind: 'create', answer: await runMutation(client, CreateDispositionDocument, { input }, key) };
  }
  const input = toUpdateInput(initial, values);
  return { kind: 'update', answer: await runMutation(client, UpdateDispositionDocument, { id, input }, key) };
}

/** Every member of `CreateDispositionPayload` and `UpdateDispositionPayload`. */
function DispositionPayloadView({ payload, onRetry }: { payload: DispositionPayload; onRetry: () => void }) {
  switch (payload.__typename) {
    case 'CreateDispositionSuccess':
      return (
        <div className="success" role="status" data-member={payload.__typename}>
          Created disposition <code>{payload.dispositionId}</code>: {payload.message}. Bolna can take a few
          seconds to list it: <a href={toHref({ page: 'dispositions', agentId: null })}>dispositions</a>.
        </div>
      );
    case 'UpdateDispositionSuccess':
      return (
        <div className="success" role="status" data-member={payload.__typename}>
          {payload.copied
            ? `Bolna made a copy, ${payload.dispositionId}, with the edit; the shared ${payload.originalId} is unchanged.`
            : `Saved: ${payload.message}.`}
        </div>
      );
    case 'DispositionNotFoundError':
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
