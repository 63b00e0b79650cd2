import { DispositionNotFoundError } from '../../../domain/errors.js';
import { asRecord, asString, type VendorAnswer } from '../../core/answer.js';
import type { Endpoint } from '../../core/endpoint.js';
import { toVendorText } from '../../core/vendor-text.js';
import { type BolnaError, toBolnaOutcome } from '../envelope.js';
import { bolnaIdRule } from '../ids.js';
import type { BolnaDeleteResultWire } from '../wire.js';

export interface DeleteDispositionInput {
  id: string;
}

/** A disposition Bolna proved deleted. */
export interface DeleteDispositionSuccess {
  dispositionId: string;
  message: string;
}

/** `DELETE /dispositions/{disposition_id}`: deletes it and unlinks it from every agent. */
export const deleteDispositionEndpoint: Endpoint<DeleteDispositionInput, DeleteDispositionSuccess> = {
  vendor: 'BOLNA',
  name: 'disposition.delete',
  method: 'DELETE',
  pathTemplate: '/dispositions/{disposition_id}',
  params: ({ id }) => ({ disposition_id: id }),
  ids: ({ id }) => [{ field: 'id', value: id, rule: bolnaIdRule }],
  effect: 'write',
  unknownOutcome: 'the delete may or may not have happened',
  successTypename: 'DeleteDispositionSuccess',
  normalize: (answer, { id }) => toDeleteDispositionOutcome(answer, id),
};

/**
 * Bolna's answer to a disposition delete. Success only on proof: a 2xx with a `message` and the
 * `id` that was asked for.
 */
export function toDeleteDispositionOutcome(answer: VendorAnswer, dispositionId: string) {
  return toBolnaOutcome(answer, {
    success: (body) => {
      const result = asRecord(body) as BolnaDeleteResultWire | null;
      const message = toVendorText(result?.message);
      const id = asString(result?.id);
      if (!message || id?.toLowerCase() !== dispositionId.toLowerCase()) return null;
      return { dispositionId, message };
    },
    notFound: (error) => toDispositionNotFound(error, dispositionId),
    forbidden: 'Bolna allows only the owner of a disposition, or an admin, to delete it.',
  });
}

/** DispositionNotFoundError with the id the client asked for. */
export function toDispositionNotFound(error: BolnaError, dispositionId: string): DispositionNotFoundError {
  return new DispositionNotFoundError(
    error.message ?? 'Disposition not found.',
    error.vendorCode,
    dispositionId,
  );
}
