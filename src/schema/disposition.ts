import type {
  Disposition,
  DispositionList,
  ObjectiveOption,
  subjectiveTypes,
} from '../domain/disposition.js';
import { DispositionNotFoundError } from '../domain/errors.js';
import type { Confirmed } from '../operations/confirmed-delete.js';
import type { DeleteDispositionSuccess } from '../vendors/bolna/endpoints/delete-disposition.js';
import { builder } from './builder.js';
import { deleteEach, maxBulkIds } from './bulk.js';
import { runMutationCall } from './mutation-calls.js';
import { toResult } from './results.js';
import { DeleteConfirmationEnum } from './shared-types.js';

export const SubjectiveTypeEnum = builder.enumType('SubjectiveType', {
  description: 'What kind of answer a subjective disposition expects.',
  values: {
    TEXT: { description: 'Free text.' },
    TIMESTAMP: { description: 'A date and time.' },
    NUMERIC: { description: 'A number.' },
    BOOLEAN: { description: 'Yes or no.' },
    EMAIL: { description: 'An email address.' },
    REGEX: { description: 'Text matching subjectivePattern.' },
    OTHER: { description: 'A type Bolna sent that this gateway does not know yet. Refused as an input.' },
  } as const satisfies Record<(typeof subjectiveTypes)[number], { description: string }>,
});

const ObjectiveOptionType = builder.objectRef<ObjectiveOption>('ObjectiveOption');
ObjectiveOptionType.implement({
  description: 'One answer an objective disposition may give, and when.',
  fields: (t) => ({
    value: t.exposeString('value'),
    condition: t.exposeString('condition', { description: 'When the call transcript gets this value.' }),
    subOptions: t.field({ type: [ObjectiveOptionType], resolve: (option) => option.subOptions }),
  }),
});

export const DispositionType = builder.objectRef<Disposition>('Disposition').implement({
  description: 'A Bolna disposition: a question asked of every call transcript, and how its answer is read.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    question: t.exposeString('question'),
    category: t.exposeString('category'),
    systemPrompt: t.exposeString('systemPrompt', { nullable: true }),
    model: t.exposeString('model', {
      description: 'The model that answers the question, e.g. gpt-4.1-mini.',
    }),
    isSubjective: t.exposeBoolean('isSubjective'),
    isObjective: t.exposeBoolean('isObjective'),
    subjectiveType: t.expose('subjectiveType', { type: SubjectiveTypeEnum }),
    subjectivePattern: t.exposeString('subjectivePattern', {
      nullable: true,
      description: 'The pattern a REGEX answer must match, and what it means.',
    }),
    subjectivePatternDescription: t.exposeString('subjectivePatternDescription', { nullable: true }),
    objectiveOptions: t.field({
      type: [ObjectiveOptionType],
      resolve: (disposition) => disposition.objectiveOptions,
    }),
    agentIds: t.exposeIDList('agentIds', { description: 'The agents this disposition runs on.' }),
    createdBy: t.exposeString('createdBy', {
      description: 'The account that owns it: only it (or an admin) may delete it.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const DispositionListType = builder.objectRef<DispositionList>('DispositionList').implement({
  fields: (t) => ({
    agentId: t.exposeID('agentId', {
      nullable: true,
      description: "The agentId asked for, or null for the account's own list.",
    }),
    dispositions: t.field({
      description: "Without agentId: the account's own dispositions. With agentId: the agent's own.",
      type: [DispositionType],
      resolve: (list) => list.dispositions,
    }),
    globalDispositions: t.field({
      description: 'With agentId: the global dispositions that also run on the agent. Empty without agentId.',
      type: [DispositionType],
      resolve: (list) => list.globalDispositions,
    }),
  }),
});

builder.queryField('disposition', (t) =>
  t.field({
    description: 'One Bolna disposition.',
    type: DispositionType,
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [DispositionNotFoundError], union: { name: 'DispositionResult' } },
    extensions: { vendorCalls: 1 },
    resolve: (_root, { id }, { loaders }) => loaders.disposition.load(id),
  }),
);

builder.queryField('dispositions', (t) =>
  t.field({
    description: "Bolna dispositions: the account's own, or, with agentId, those that run on that agent.",
    type: DispositionListType,
    args: {
      agentId: t.arg.id({ description: 'A Bolna agent id: 1 to 128 letters, digits, "_" or "-".' }),
    },
    errors: { union: { name: 'DispositionsResult' } },
    extensions: { vendorCalls: 1 },
    resolve: (_root, { agentId }, { loaders }) => toResult(loaders.dispositions(agentId)),
  }),
);

const DeleteDispositionSuccessType = builder
  .objectRef<Confirmed<DeleteDispositionSuccess>>('DeleteDispositionSuccess')
  .implement({
    fields: (t) => ({
      dispositionId: t.exposeID('dispositionId'),
      message: t.exposeString('message'),
      confirmedBy: t.expose('confirmedBy', { type: DeleteConfirmationEnum }),
    }),
  });

/** One union for the single and the bulk field: the same result name makes the errors plugin reuse it. */
const deletePayload = {
  types: [DispositionNotFoundError],
  union: { name: 'DeleteDispositionPayload' },
  result: { name: 'DeleteDispositionSuccess' },
};

builder.mutationField('deleteDisposition', (t) =>
  t.field({
    description:
      'Delete a Bolna disposition and unlink it from every agent. Only its owner (or an admin) may.',
    type: DeleteDispositionSuccessType,
    args: { id: t.arg.id({ required: true }) },
    errors: deletePayload,
    resolve: (_root, { id }, context, info) =>
      runMutationCall(context, info, context.loaders.deleteDisposition(id)),
  }),
);

builder.mutationField('deleteDispositions', (t) =>
  t.field({
    description: `Delete up to ${maxBulkIds} Bolna dispositions: one payload per id, in input order. A repeated id is deleted once and answered in each of its places.`,
    type: [DeleteDispositionSuccessType],
    args: { ids: t.arg.idList({ required: true }) },
    itemErrors: deletePayload,
    extensions: { bulkArgument: 'ids' },
    resolve: (_root, { ids }, context, info) =>
      deleteEach(ids, context.bulkConcurrency, (id, index) =>
        runMutationCall(context, info, context.loaders.deleteDisposition(id), index),
      ),
  }),
);
