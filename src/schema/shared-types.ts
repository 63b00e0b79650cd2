import { builder } from './builder.js';

export const PageInfoType = builder
  .objectRef<{
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  }>('PageInfo')
  .implement({
    description: 'Where a page stands in the whole list (Relay).',
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
      startCursor: t.exposeString('startCursor', { nullable: true }),
      endCursor: t.exposeString('endCursor', {
        nullable: true,
        description: 'Pass as `after` for the next page.',
      }),
    }),
  });

export const DeleteConfirmationEnum = builder.enumType('DeleteConfirmation', {
  description: 'How a delete was proven.',
  values: {
    VENDOR_ANSWER: { description: "The vendor's own success answer." },
    FOLLOW_UP: {
      description: "The vendor's answer was lost; a follow-up read, or a second delete, found the item gone.",
    },
    EARLIER_ATTEMPT: {
      description:
        'An earlier request under the same Idempotency-Key lost its answer; this one found the item gone.',
    },
  } as const,
});
