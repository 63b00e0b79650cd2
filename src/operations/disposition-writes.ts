import type DataLoader from 'dataloader';
import type { Disposition } from '../domain/disposition.js';
import { GatewayError } from '../domain/errors.js';
import type { BolnaClient } from '../vendors/bolna/client.js';
import type {
  CreateDispositionInput,
  DispositionInput,
  UpdateDispositionChanges,
} from '../vendors/bolna/disposition-fields.js';
import type { CreateDispositionSuccess } from '../vendors/bolna/endpoints/create-disposition.js';
import type { CreateDispositionsSuccess } from '../vendors/bolna/endpoints/create-dispositions.js';
import type { UpdateDispositionSuccess } from '../vendors/bolna/endpoints/update-disposition.js';
import type { CallContext, CallResult } from '../vendors/core/call-endpoint.js';
import type { Audit } from './audited.js';
import type { CreatedIds } from './created-ids.js';

/** What {@link createDispositionWrites} needs of the request. */
export interface DispositionWritesOptions {
  bolna: BolnaClient;
  context: () => CallContext;
  audit: Audit;
  /** Where every id Bolna proves it made is remembered (its read lag: a 404 for it proves nothing). */
  createdIds: CreatedIds;
  /** The request's disposition loader: an updated disposition is read again, not from it. */
  dispositions: () => DataLoader<string, Disposition, string>;
}

export interface DispositionWrites {
  createDisposition(input: CreateDispositionInput): Promise<CreateDispositionSuccess | GatewayError>;
  updateDisposition(
    id: string,
    input: UpdateDispositionChanges,
  ): Promise<UpdateDispositionSuccess | GatewayError>;
  createDispositions(
    agentId: string,
    inputs: readonly DispositionInput[],
  ): Promise<CreateDispositionsSuccess | GatewayError>;
}

/**
 * A request's disposition writes, each audited. Every id a success proves made (a create, a bulk
 * create, a copy) is remembered before the answer leaves.
 */
export function createDispositionWrites(options: DispositionWritesOptions): DispositionWrites {
  const { bolna, context, audit, createdIds } = options;
  const remembering = async <Success>(
    call: Promise<CallResult<Success>>,
    madeBy: (success: Success) => readonly string[],
  ) => {
    const result = await call;
    if (!(result.outcome instanceof GatewayError)) {
      await Promise.all(madeBy(result.outcome).map((id) => createdIds.remember('BOLNA', id)));
    }
    return result;
  };
  const created = ({ dispositionId }: CreateDispositionSuccess) => [dispositionId];
  const copied = ({ copied, dispositionId }: UpdateDispositionSuccess) => (copied ? [dispositionId] : []);
  const createdAll = ({ dispositionIds }: CreateDispositionsSuccess) => dispositionIds;

  return {
    createDisposition: (input) =>
      audit(
        {
          vendor: 'BOLNA',
          operation: 'disposition.create',
          id: (outcome) => (outcome instanceof GatewayError ? '' : outcome.dispositionId),
          force: null,
          createdIds: created,
        },
        () => remembering(bolna.createDisposition(input, context()), created),
      ),
    updateDisposition: (id, input) =>
      audit({ vendor: 'BOLNA', operation: 'disposition.update', id, force: null, createdIds: copied }, () => {
        options.dispositions().clear(id);
        return remembering(bolna.updateDisposition({ id, input }, context()), copied);
      }),
    createDispositions: (agentId, inputs) =>
      audit(
        {
          vendor: 'BOLNA',
          operation: 'disposition.createBulk',
          id: agentId,
          count: inputs.length,
          force: null,
          createdIds: createdAll,
        },
        () => remembering(bolna.createDispositions({ agentId, inputs }, context()), createdAll),
      ),
  };
}
