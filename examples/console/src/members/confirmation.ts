import type { DeleteConfirmation } from '../generated/graphql';

const confirmations: Record<DeleteConfirmation, string> = {
  VENDOR_ANSWER: 'confirmed by the vendor',
  FOLLOW_UP: 'the answer was lost; a follow-up read found it gone',
  EARLIER_ATTEMPT: 'an earlier attempt under the same Idempotency-Key deleted it',
};

/** How a delete was proven, in words; a value added to the schema later reads as itself. */
export function describeConfirmation(confirmedBy: DeleteConfirmation): string {
  return confirmations[confirmedBy] ?? confirmedBy;
}
