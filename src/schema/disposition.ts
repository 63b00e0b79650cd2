import { DispositionNotFoundError } from '../domain/errors.js';
import type { DeleteDispositionSuccess } from '../vendors/bolna/endpoints/delete-disposition.js';
import { builder } from './builder.js';
import { deleteEach, maxBulkIds } from './bulk.js';
import { sharedDeleteErrors } from './errors.js';

const DeleteDispositionSuccessType = builder
  .objectRef<DeleteDispositionSuccess>('DeleteDispositionSuccess')
  .implement({
    fields: (t) => ({
      dispositionId: t.exposeID('dispositionId'),
      message: t.exposeString('message'),
    }),
  });

/** One union for the single and the bulk field: the same result name makes the errors plugin reuse it. */
const payload = {
  types: [DispositionNotFoundError, ...sharedDeleteErrors],
  union: { name: 'DeleteDispositionPayload' },
  result: { name: 'DeleteDispositionSuccess' },
  directResult: true,
};

builder.mutationField('deleteDisposition', (t) =>
  t.field({
    description:
      'Delete a Bolna disposition and unlink it from every agent. Only its owner (or an admin) may.',
    type: DeleteDispositionSuccessType,
    args: { id: t.arg.id({ required: true }) },
    errors: payload,
    resolve: (_root, { id }, { loaders }) => loaders.deleteDisposition.load(id),
  }),
);

builder.mutationField('deleteDispositions', (t) =>
  t.field({
    description: `Delete up to ${maxBulkIds} Bolna dispositions: one payload per id, in input order. A repeated id is deleted once and answered in each of its places.`,
    type: [DeleteDispositionSuccessType],
    args: { ids: t.arg.idList({ required: true }) },
    itemErrors: payload,
    resolve: (_root, { ids }, { loaders, bulkConcurrency }) =>
      deleteEach(ids, bulkConcurrency, (id) => loaders.deleteDisposition.load(id)),
  }),
);
