import { InvalidPhoneNumbersError, PersonaInUseError, PersonaNotFoundError } from '../domain/errors.js';
import type { InboundNumber, Persona, PersonaVersion, personaVersionTypes } from '../domain/persona.js';
import type { Confirmed } from '../operations/confirmed-delete.js';
import { maxPageSize, type PersonaConnection } from '../operations/persona-pages.js';
import type { PersonaNumbersSuccess } from '../vendors/bland/endpoints/change-persona-numbers.js';
import type { DeletePersonaSuccess } from '../vendors/bland/endpoints/delete-persona.js';
import { maxPhoneNumbers } from '../vendors/bland/phone-numbers.js';
import { builder } from './builder.js';
import { deleteEach, maxBulkIds } from './bulk.js';
import { runMutationCall } from './mutation-calls.js';
import { toResult } from './results.js';
import { DeleteConfirmationEnum, PageInfoType } from './shared-types.js';

const InboundNumberType = builder.objectRef<InboundNumber>('InboundNumber').implement({
  description: 'A phone number whose inbound calls a persona answers.',
  fields: (t) => ({
    phoneNumber: t.exposeString('phoneNumber', { description: 'E.164, e.g. +15551234567.' }),
    label: t.exposeString('label', { nullable: true }),
  }),
});

const PersonaVersionTypeEnum = builder.enumType('PersonaVersionType', {
  description: 'What a persona version is to its persona.',
  values: {
    PRODUCTION: { description: 'The version inbound calls use.' },
    DRAFT: { description: 'Where edits land; promotePersonaDraft makes it the production version.' },
    ARCHIVED: { description: 'A former production version.' },
    OTHER: { description: 'A type Bland sent that this gateway does not know yet.' },
  } as const satisfies Record<(typeof personaVersionTypes)[number], { description: string }>,
});

const PersonaVersionType = builder.objectRef<PersonaVersion>('PersonaVersion').implement({
  description: "One version of a persona's prompts and settings.",
  fields: (t) => ({
    id: t.exposeID('id'),
    versionNumber: t.exposeInt('versionNumber'),
    type: t.expose('type', { type: PersonaVersionTypeEnum }),
    personalityPrompt: t.exposeString('personalityPrompt', { nullable: true }),
    orchestrationPrompt: t.exposeString('orchestrationPrompt', { nullable: true }),
    knowledgeBaseIds: t.exposeIDList('knowledgeBaseIds'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    promotedAt: t.expose('promotedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const PersonaType = builder.objectRef<Persona>('Persona').implement({
  description: 'A Bland AI persona: who answers a call, with its production and draft versions.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.exposeString('role', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    tags: t.exposeStringList('tags'),
    imageUrl: t.exposeString('imageUrl', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    inboundNumbers: t.field({
      description:
        'Phone numbers whose inbound calls this persona answers. While any is listed, deletePersona needs force.',
      type: [InboundNumberType],
      resolve: (persona) => persona.inboundNumbers,
    }),
    productionVersion: t.field({
      type: PersonaVersionType,
      nullable: true,
      resolve: (persona) => persona.productionVersion,
    }),
    draftVersion: t.field({
      description:
        'Null when the persona has no draft (promotePersonaDraft then answers NoDraftVersionError).',
      type: PersonaVersionType,
      nullable: true,
      resolve: (persona) => persona.draftVersion,
    }),
  }),
});

const PersonaEdgeType = builder.objectRef<PersonaConnection['edges'][number]>('PersonaEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to read the personas after this one.' }),
    node: t.field({ type: PersonaType, resolve: (edge) => edge.node }),
  }),
});

const PersonaConnectionType = builder.objectRef<PersonaConnection>('PersonaConnection').implement({
  description: 'One page of personas (a Relay cursor connection).',
  fields: (t) => ({
    edges: t.field({ type: [PersonaEdgeType], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: PageInfoType, resolve: (connection) => connection.pageInfo }),
  }),
});

builder.queryField('persona', (t) =>
  t.field({
    description: 'One Bland persona, with the phone numbers whose inbound calls it answers.',
    type: PersonaType,
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [PersonaNotFoundError], union: { name: 'PersonaResult' } },
    extensions: { vendorCalls: 1 },
    resolve: (_root, { id }, { loaders }) => loaders.persona.load(id),
  }),
);

builder.queryField('personas', (t) =>
  t.field({
    description: `Bland personas, a page at a time (Relay cursor connection; first: 1 to ${maxPageSize}).`,
    type: PersonaConnectionType,
    args: {
      first: t.arg.int({
        required: true,
        defaultValue: 20,
        description: `How many personas, 1 to ${maxPageSize}.`,
      }),
      after: t.arg.string({ description: "An edge's cursor: the page starts after it." }),
    },
    errors: { union: { name: 'PersonasResult' } },
    // A window may straddle two of Bland's pages.
    extensions: { vendorCalls: 2 },
    resolve: (_root, { first, after }, { loaders }) => toResult(loaders.personas(first, after)),
  }),
);

const DeletePersonaSuccessType = builder
  .objectRef<Confirmed<DeletePersonaSuccess>>('DeletePersonaSuccess')
  .implement({
    fields: (t) => ({
      personaId: t.exposeID('personaId'),
      message: t.exposeString('message'),
      confirmedBy: t.expose('confirmedBy', { type: DeleteConfirmationEnum }),
    }),
  });

/** One union for the single and the bulk field: the same result name makes the errors plugin reuse it. */
const deletePayload = {
  types: [PersonaNotFoundError, PersonaInUseError],
  union: { name: 'DeletePersonaPayload' },
  result: { name: 'DeletePersonaSuccess' },
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
    errors: deletePayload,
    resolve: (_root, { id, force }, context, info) =>
      runMutationCall(context, info, context.loaders.deletePersona({ id, force })),
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
    itemErrors: deletePayload,
    extensions: { bulkArgument: 'ids' },
    resolve: (_root, { ids, force }, context, info) =>
      deleteEach(ids, context.bulkConcurrency, (id, index) =>
        runMutationCall(context, info, context.loaders.deletePersona({ id, force }), index),
      ),
  }),
);

const PersonaNumbersSuccessType = builder
  .objectRef<PersonaNumbersSuccess>('PersonaNumbersSuccess')
  .implement({
    fields: (t) => ({
      personaId: t.exposeID('personaId'),
      inboundNumbers: t.field({
        description: "The persona's numbers after the change.",
        type: [InboundNumberType],
        resolve: (success) => success.inboundNumbers,
      }),
    }),
  });

/** One union for attach and detach: the same result name makes the errors plugin reuse it. */
const numbersPayload = {
  types: [PersonaNotFoundError, InvalidPhoneNumbersError],
  union: { name: 'PersonaNumbersPayload' },
  result: { name: 'PersonaNumbersSuccess' },
};

const numbersArgs = (t: Parameters<Parameters<typeof builder.mutationField>[1]>[0]) => ({
  personaId: t.arg.id({ required: true }),
  phoneNumbers: t.arg.stringList({
    required: true,
    description: `1 to ${maxPhoneNumbers} numbers, each E.164 ("+" then 7 to 15 digits, the first not 0).`,
  }),
});

builder.mutationField('attachPersonaNumbers', (t) =>
  t.field({
    description: "Make these numbers' inbound calls use this persona.",
    type: PersonaNumbersSuccessType,
    args: numbersArgs(t),
    errors: numbersPayload,
    resolve: (_root, input, context, info) =>
      runMutationCall(context, info, context.loaders.attachPersonaNumbers(input)),
  }),
);

builder.mutationField('detachPersonaNumbers', (t) =>
  t.field({
    description:
      'Stop these numbers using this persona; once it has none, deletePersona succeeds without force.',
    type: PersonaNumbersSuccessType,
    args: numbersArgs(t),
    errors: numbersPayload,
    resolve: (_root, input, context, info) =>
      runMutationCall(context, info, context.loaders.detachPersonaNumbers(input)),
  }),
);
