import { DispositionNotFoundError } from '../errors/payload-errors.js';
import type { DeleteDispositionSuccess } from '../vendors/bolna/normalize.js';
import { builder } from './builder.js';
import { sharedDeleteErrors } from './errors.js';

const DeleteDispositionSuccessType = builder
  .objectRef<DeleteDispositionSuccess>('DeleteDispositionSuccess')
  .implement({
    fields: (t) => ({
      dispositionId: t.exposeID('dispositionId'),
      message: t.exposeString('message'),
    }),
  });

builder.mutationField('deleteDisposition', (t) =>
  t.field({
    description:
      'Delete a Bolna disposition and unlink it from every agent. Only its owner (or an admin) may.',
    type: DeleteDispositionSuccessType,
    args: { id: t.arg.id({ required: true }) },
    errors: {
      types: [DispositionNotFoundError, ...sharedDeleteErrors],
      union: { name: 'DeleteDispositionPayload' },
    },
    resolve: (_root, { id }, { loaders }) => loaders.deleteDisposition.load(id),
  }),
);
