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
import type { Audit, AuditedCall } from './audited.js';
import type { CreatedIds } from './created-ids.js';
import type { IdempotentCall } from './idempotency/request-idempotency.js';
import { keepWhole, mayHaveMade, mutationCall, replayWhole } from './mutation-call.js';

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
  createDisposition(input: CreateDispositionInput): IdempotentCall<CreateDispositionSuccess>;
  updateDisposition(id: string, input: UpdateDispositionChanges): IdempotentCall<UpdateDispositionSuccess>;
  createDispositions(
    agentId: string,
    inputs: readonly DispositionInput[],
  ): IdempotentCall<CreateDispositionsSuccess>;
}

/**
 * A request's disposition writes, each audited. Every id a success proves made (a create, a bulk
 * create, a copy) is remembered before the answer leaves. Bolna answers a write with ids and a
 * message only, so the idempotency store keeps the whole success.
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
    createDisposition: (input) => {
      const description: AuditedCall<CreateDispositionSuccess> = {
        vendor: 'BOLNA',
        operation: 'disposition.create',
        id: (outcome) => (outcome instanceof GatewayError ? '' : outcome.dispositionId),
        force: null,
        createdIds: created,
      };
      return mutationCall(audit, description, {
        send: (earlier) =>
          audit(description, () =>
            earlier === 'none'
              ? remembering(bolna.createDisposition(input, context()), created)
              : mayHaveMade('BOLNA', 'created the disposition'),
          ),
        keep: keepWhole('CreateDispositionSuccess'),
        replay: replayWhole,
      });
    },
    updateDisposition: (id, input) => {
      const description: AuditedCall<UpdateDispositionSuccess> = {
        vendor: 'BOLNA',
        operation: 'disposition.update',
        id,
        force: null,
        createdIds: copied,
      };
      // With an agent, Bolna may answer with a copy: sending it twice could make two.
      const mayCopy = input.agentId != null;
      return mutationCall(audit, description, {
        send: (earlier) =>
          audit(description, () => {
            if (mayCopy && earlier !== 'none') return mayHaveMade('BOLNA', 'made a copy of the disposition');
            options.dispositions().clear(id);
            return remembering(bolna.updateDisposition({ id, input }, context()), copied);
          }),
        keep: keepWhole('UpdateDispositionSuccess'),
        replay: replayWhole,
      });
    },
    createDispositions: (agentId, inputs) => {
      const description: AuditedCall<CreateDispositionsSuccess> = {
        vendor: 'BOLNA',
        operation: 'disposition.createBulk',
        id: agentId,
        count: inputs.length,
        force: null,
        createdIds: createdAll,
      };
      return mutationCall(audit, description, {
        send: (earlier) =>
          audit(description, () =>
            earlier === 'none'
              ? remembering(bolna.createDispositions({ agentId, inputs }, context()), createdAll)
              : mayHaveMade('BOLNA', 'created the dispositions'),
          ),
        keep: keepWhole('CreateDispositionsSuccess'),
        replay: replayWhole,
      });
    },
  };
}
