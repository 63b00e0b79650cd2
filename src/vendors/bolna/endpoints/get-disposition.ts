import type { Disposition } from '../../../domain/disposition.js';
import type { Endpoint } from '../../core/endpoint.js';
import { toDisposition } from '../disposition.js';
import { toBolnaOutcome } from '../envelope.js';
import { bolnaIdRule } from '../ids.js';
import { toDispositionNotFound } from './delete-disposition.js';

export interface GetDispositionInput {
  id: string;
}

/** `GET /dispositions/{disposition_id}`: one disposition. One created a moment ago can answer 404 for a few seconds. */
export const getDispositionEndpoint: Endpoint<GetDispositionInput, Disposition> = {
  vendor: 'BOLNA',
  name: 'disposition.get',
  method: 'GET',
  pathTemplate: '/dispositions/{disposition_id}',
  params: ({ id }) => ({ disposition_id: id }),
  ids: ({ id }) => [{ field: 'id', value: id, rule: bolnaIdRule }],
  effect: 'read',
  successTypename: 'Disposition',
  normalize: (answer, { id }) =>
    toBolnaOutcome(answer, {
      success: toDisposition,
      notFound: (error) => toDispositionNotFound(error, id),
      forbidden: 'Bolna allows only the owner of a disposition, or an admin, to read it.',
    }),
};
