import { PersonaInUseError, PersonaNotFoundError } from '../errors/payload-errors.js';
import type { DeletePersonaSuccess } from '../vendors/bland/normalize.js';
import { builder } from './builder.js';
import { sharedDeleteErrors } from './errors.js';

const DeletePersonaSuccessType = builder.objectRef<DeletePersonaSuccess>('DeletePersonaSuccess').implement({
  fields: (t) => ({
    personaId: t.exposeID('personaId'),
    message: t.exposeString('message'),
  }),
});

builder.mutationField('deletePersona', (t) =>
  t.field({
    description:
      'Delete a Bland AI persona and all its versions. Fails with PersonaInUseError when phone numbers use it, unless force is true.',
    type: DeletePersonaSuccessType,
    args: {
      id: t.arg.id({ required: true }),
      force: t.arg.boolean({ required: true, defaultValue: false }),
    },
    errors: {
      types: [PersonaNotFoundError, PersonaInUseError, ...sharedDeleteErrors],
      union: { name: 'DeletePersonaPayload' },
    },
    resolve: (_root, { id, force }, { loaders }) => loaders.deletePersona.load({ id, force }),
  }),
);
