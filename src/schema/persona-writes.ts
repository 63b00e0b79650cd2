import { NoDraftVersionError, PersonaNotFoundError } from '../domain/errors.js';
import type { PersonaWriteSuccess } from '../vendors/bland/endpoints/persona-answer.js';
import { builder } from './builder.js';
import { runMutationCall } from './mutation-calls.js';
import { PersonaType } from './persona.js';
import { CreatePersonaInput, UpdatePersonaInput } from './persona-inputs.js';

/** A write's success: the persona as Bland answered it, read from that answer alone. */
function personaWriteSuccess(name: string, description: string) {
  return builder.objectRef<PersonaWriteSuccess>(name).implement({
    description,
    fields: (t) => ({ persona: t.field({ type: PersonaType, resolve: (success) => success.persona }) }),
  });
}

const CreatePersonaSuccess = personaWriteSuccess(
  'CreatePersonaSuccess',
  'The new persona as Bland answered it: production version 1 and draft version 2, no numbers yet.',
);
const UpdatePersonaSuccess = personaWriteSuccess(
  'UpdatePersonaSuccess',
  'The persona after the update, as Bland answered it.',
);
const PromotePersonaDraftSuccess = personaWriteSuccess(
  'PromotePersonaDraftSuccess',
  'The persona with its new production version, as Bland answered it; the draft is kept.',
);

const personaId = (t: Parameters<Parameters<typeof builder.mutationField>[1]>[0], what: string) =>
  t.arg.id({ required: true, description: `The persona to ${what}.` });

builder.mutationField('createPersona', (t) =>
  t.field({
    description:
      'Create a Bland persona. An answer that was lost is never sent again: the UpstreamError then has retryable false and says the persona may have been created.',
    type: CreatePersonaSuccess,
    args: { input: t.arg({ type: CreatePersonaInput, required: true }) },
    errors: { union: { name: 'CreatePersonaPayload' } },
    resolve: (_root, { input }, context, info) =>
      runMutationCall(context, info, context.loaders.createPersona(input)),
  }),
);

builder.mutationField('updatePersona', (t) =>
  t.field({
    description:
      'Persona fields change at once; prompts, call settings, knowledge bases and pathways land on the draft, which promotePersonaDraft makes live.',
    type: UpdatePersonaSuccess,
    args: { id: personaId(t, 'update'), input: t.arg({ type: UpdatePersonaInput, required: true }) },
    errors: { types: [PersonaNotFoundError], union: { name: 'UpdatePersonaPayload' } },
    resolve: (_root, { id, input }, context, info) =>
      runMutationCall(context, info, context.loaders.updatePersona(id, input)),
  }),
);

builder.mutationField('promotePersonaDraft', (t) =>
  t.field({
    description:
      "Make the persona's draft its new production version: the old one is archived, the draft is kept. Each promote makes a version, so a lost answer is never sent again (retryable false).",
    type: PromotePersonaDraftSuccess,
    args: { id: personaId(t, 'promote') },
    errors: {
      types: [PersonaNotFoundError, NoDraftVersionError],
      union: { name: 'PromotePersonaDraftPayload' },
    },
    resolve: (_root, { id }, context, info) =>
      runMutationCall(context, info, context.loaders.promotePersonaDraft(id)),
  }),
);
