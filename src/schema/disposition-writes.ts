import { DispositionNotFoundError } from '../domain/errors.js';
import { dispositionLimits } from '../vendors/bolna/disposition-fields.js';
import type { CreateDispositionSuccess } from '../vendors/bolna/endpoints/create-disposition.js';
import type { CreateDispositionsSuccess } from '../vendors/bolna/endpoints/create-dispositions.js';
import type { UpdateDispositionSuccess } from '../vendors/bolna/endpoints/update-disposition.js';
import { builder } from './builder.js';
import { CreateDispositionInput, DispositionInput, UpdateDispositionInput } from './disposition-inputs.js';
import { runMutationCall } from './mutation-calls.js';

const CreateDispositionSuccessType = builder
  .objectRef<CreateDispositionSuccess>('CreateDispositionSuccess')
  .implement({
    description:
      'Bolna answers a create with the new id only; read it with disposition(id) (it can take Bolna a few seconds to find it).',
    fields: (t) => ({
      dispositionId: t.exposeID('dispositionId'),
      message: t.exposeString('message', { description: "Bolna's own words." }),
    }),
  });

const UpdateDispositionSuccessType = builder
  .objectRef<UpdateDispositionSuccess>('UpdateDispositionSuccess')
  .implement({
    fields: (t) => ({
      dispositionId: t.exposeID('dispositionId', {
        description: 'The disposition that now holds the edit: a new id when copied is true.',
      }),
      copied: t.exposeBoolean('copied', {
        description: 'True when Bolna made a copy linked to agentId and left the shared original unchanged.',
      }),
      originalId: t.exposeID('originalId', { description: 'The id that was asked to be updated.' }),
      message: t.exposeString('message', { description: "Bolna's own words." }),
    }),
  });

const CreateDispositionsSuccessType = builder
  .objectRef<CreateDispositionsSuccess>('CreateDispositionsSuccess')
  .implement({
    description: 'Every disposition was created, each linked to the agent.',
    fields: (t) => ({
      dispositionIds: t.exposeIDList('dispositionIds', { description: 'In input order.' }),
      message: t.exposeString('message', { description: "Bolna's own words." }),
    }),
  });

builder.mutationField('createDisposition', (t) =>
  t.field({
    description:
      'Create a Bolna disposition. An answer that was lost is never sent again: the UpstreamError then has retryable false and says the disposition may have been created.',
    type: CreateDispositionSuccessType,
    args: { input: t.arg({ type: CreateDispositionInput, required: true }) },
    errors: { union: { name: 'CreateDispositionPayload' } },
    resolve: (_root, { input }, context, info) =>
      runMutationCall(context, info, context.loaders.createDisposition(input)),
  }),
);

builder.mutationField('updateDisposition', (t) =>
  t.field({
    description:
      'Bolna may answer with a copy (a new id) when the disposition is shared and agentId is given. With agentId a lost answer is never sent again (retryable false): it may have made a copy.',
    type: UpdateDispositionSuccessType,
    args: {
      id: t.arg.id({ required: true, description: 'The disposition to update (a UUID).' }),
      input: t.arg({ type: UpdateDispositionInput, required: true }),
    },
    errors: { types: [DispositionNotFoundError], union: { name: 'UpdateDispositionPayload' } },
    resolve: (_root, { id, input }, context, info) =>
      runMutationCall(context, info, context.loaders.updateDisposition(id, input)),
  }),
);

builder.mutationField('createDispositions', (t) =>
  t.field({
    description: 'All or nothing: Bolna creates every one, linked to the agent, or none.',
    type: CreateDispositionsSuccessType,
    args: {
      agentId: t.arg.id({
        required: true,
        description: 'The agent every new disposition is linked to: 1 to 128 letters, digits, "_" or "-".',
      }),
      inputs: t.arg({
        type: [DispositionInput],
        required: true,
        description: `1 to ${dispositionLimits.bulkInputs} dispositions.`,
      }),
    },
    errors: { union: { name: 'CreateDispositionsPayload' } },
    resolve: (_root, { agentId, inputs }, context, info) =>
      runMutationCall(context, info, context.loaders.createDispositions(agentId, inputs)),
  }),
);
