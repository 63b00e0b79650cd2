import { PersonaInUseError, PersonaNotFoundError } from '../domain/errors.js';
import type { DeletePersonaSuccess } from '../vendors/bland/endpoints/delete-persona.js';
import { builder } from './builder.js';
import { deleteEach, maxBulkIds } from './bulk.js';
import { sharedDeleteErrors } from './errors.js';

const DeletePersonaSuccessType = builder.objectRef<DeletePersonaSuccess>('DeletePersonaSuccess').implement({
  fields: (t) => ({
    personaId: t.exposeID('personaId'),
    message: t.exposeString('message'),
  }),
});

/** One union for the single and the bulk field: the same result name makes the errors plugin reuse it. */
const payload = {
  types: [PersonaNotFoundError, PersonaInUseError, ...sharedDeleteErrors],
  union: { name: 'DeletePersonaPayload' },
  result: { name: 'DeletePersonaSuccess' },
  directResult: true,
};

builder.mutationField('deletePersona', (t) =>
  t.field({
    description:
      'Delete a Bland AI persona and all its versions. Fails with PersonaInUseError when phone numbers use it, unless force is true.',
    type: DeletePersonaSuccessType,
    args: {
      id: t.arg.id({ required: true }),
      force: t.arg.boolean({ required: true, defaultValue: false }),
    },
    errors: payload,
    resolve: (_root, { id, force }, { loaders }) => loaders.deletePersona.load({ id, force }),
  }),
);

builder.mutationField('deletePersonas', (t) =>
  t.field({
    description: `Delete up to ${maxBulkIds} Bland personas: one payload per id, in input order. A repeated id is deleted once and answered in each of its places.`,
    type: [DeletePersonaSuccessType],
    args: {
      ids: t.arg.idList({ required: true }),
      force: t.arg.boolean({ required: true, defaultValue: false }),
    },
    itemErrors: payload,
    resolve: (_root, { ids, force }, { loaders, bulkConcurrency }) =>
      deleteEach(ids, bulkConcurrency, (id) => loaders.deletePersona.load({ id, force })),
  }),
);
