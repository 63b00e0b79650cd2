import type DataLoader from 'dataloader';
import type { Disposition, DispositionList } from '../domain/disposition.js';
import { DispositionNotFoundError, type GatewayError, PersonaNotFoundError } from '../domain/errors.js';
import type { Persona } from '../domain/persona.js';
import type { Vendor } from '../domain/vendor.js';
import type { AuditLog } from '../observability/audit-log.js';
import type { TraceSpan } from '../observability/tracing/trace-span.js';
import type { RequestMeta } from '../plugins/auth/request-meta.js';
import type { BlandClient } from '../vendors/bland/client.js';
import type {
  PersonaNumbersInput,
  PersonaNumbersSuccess,
} from '../vendors/bland/endpoints/change-persona-numbers.js';
import type { DeletePersonaInput, DeletePersonaSuccess } from '../vendors/bland/endpoints/delete-persona.js';
import type { BolnaClient } from '../vendors/bolna/client.js';
import type { DeleteDispositionSuccess } from '../vendors/bolna/endpoints/delete-disposition.js';
import type { CallContext } from '../vendors/core/call-endpoint.js';
import { type Audit, type AuditedCall, audited } from './audited.js';
import { createCallLoader } from './call-loader.js';
import { type Confirmed, type DeleteSteps, deleteConfirmed } from './confirmed-delete.js';
import type { CreatedIds } from './created-ids.js';
import { readApiKey, type ServerKeys } from './credentials.js';
import { createDispositionWrites, type DispositionWrites } from './disposition-writes.js';
import type { EarlierAttempt, IdempotentCall } from './idempotency/request-idempotency.js';
import { keepWhole, mutationCall, replayWhole } from './mutation-call.js';
import { type PersonaConnection, readPersonaWindow } from './persona-pages.js';
import { createPersonaWrites, type PersonaWrites } from './persona-writes.js';

/** Options for {@link createRequestOperations}. */
export interface OperationsOptions {
  bland: BlandClient;
  bolna: BolnaClient;
  /** Keys the gateway holds; a request's `x-bland-api-key` / `x-bolna-api-key` header wins over them. */
  serverKeys: ServerKeys;
  readMeta: (request: Request) => RequestMeta;
  /** Where every call that changes something is recorded, before its answer is sent. */
  auditLog: AuditLog;
  /** UPSTREAM_RETRIES: how many a delete's second attempt after a follow-up may still use. */
  retries: number;
  /** The items this gateway created moments ago (Bolna's read lag: a 404 for one proves nothing). */
  createdIds: CreatedIds;
}

/**
 * What one GraphQL request can ask of the vendors. Reads are loaders, which dedupe: the same item
 * asked for by several fields of one operation reaches the vendor once; a list's items prime the
 * item loader. Each call that changes something is an {@link IdempotentCall}, audited, which the
 * mutation field runs under the request's Idempotency-Key when it has one; its deletes dedupe too.
 */
export interface RequestOperations extends PersonaWrites, DispositionWrites {
  persona: DataLoader<string, Persona, string>;
  personas(first: number, after: string | null | undefined): Promise<PersonaConnection | GatewayError>;
  disposition: DataLoader<string, Disposition, string>;
  dispositions(agentId: string | null | undefined): Promise<DispositionList | GatewayError>;
  deletePersona(input: DeletePersonaInput): IdempotentCall<Confirmed<DeletePersonaSuccess>>;
  deleteDisposition(id: string): IdempotentCall<Confirmed<DeleteDispositionSuccess>>;
  attachPersonaNumbers(input: PersonaNumbersInput): IdempotentCall<PersonaNumbersSuccess>;
  detachPersonaNumbers(input: PersonaNumbersInput): IdempotentCall<PersonaNumbersSuccess>;
}

/**
 * `traceOf` gives the span the request's vendor calls are part of (its operation's), asked once,
 * at the first call; it gives undefined with tracing off.
 */
export function createRequestOperations(
  request: Request,
  options: OperationsOptions,
  traceOf?: () => TraceSpan | undefined,
): RequestOperations {
  const { bland, bolna, serverKeys, readMeta, auditLog } = options;
  const contexts = new Map<Vendor, CallContext>();
  const contextFor = (vendor: Vendor): CallContext => {
    let context = contexts.get(vendor);
    if (!context) {
      context = {
        apiKey: readApiKey(request, vendor, serverKeys),
        requestId: readMeta(request).requestId,
        trace: traceOf?.(),
      };
      contexts.set(vendor, context);
    }
    return context;
  };
  const outcomeOf = async <Success>(result: Promise<{ outcome: Success | GatewayError }>) =>
    (await result).outcome;
  const lazy = <T>(make: () => T) => {
    let made: T | undefined;
    return () => {
      made ??= make();
      return made;
    };
  };
  const audit: Audit = (description, call, fromStore) =>
    audited(auditLog, readMeta(request), description, call, fromStore);

  const persona = lazy(() =>
    createCallLoader((id: string) => outcomeOf(bland.getPersona({ id }, contextFor('BLAND')))),
  );
  const disposition = lazy(() =>
    createCallLoader((id: string) => outcomeOf(bolna.getDisposition({ id }, contextFor('BOLNA')))),
  );

  type DeleteKey<Input> = Input & { earlier: EarlierAttempt };
  const personaDelete = ({ id, force }: DeletePersonaInput): AuditedCall => ({
    vendor: 'BLAND',
    operation: 'persona.delete',
    id,
    force,
  });
  const dispositionDelete = (id: string): AuditedCall => ({
    vendor: 'BOLNA',
    operation: 'disposition.delete',
    id,
    force: null,
  });
  const deleteSteps = <Success>(
    steps: Omit<DeleteSteps<Success>, 'retries' | 'earlierAttemptMayHaveActed'>,
    earlier: EarlierAttempt,
  ): DeleteSteps<Success> => ({
    ...steps,
    retries: options.retries,
    earlierAttemptMayHaveActed: earlier === 'may-have-acted',
  });
  const personaDeletes = lazy(() =>
    createCallLoader(
      ({ earlier, ...input }: DeleteKey<DeletePersonaInput>) =>
        audit(personaDelete(input), () =>
          deleteConfirmed(
            deleteSteps(
              {
                remove: (retries) => bland.deletePersona(input, { ...contextFor('BLAND'), retries }),
                read: () => bland.getPersona({ id: input.id }, { ...contextFor('BLAND'), retries: 0 }),
                isNotFound: (outcome) => outcome instanceof PersonaNotFoundError,
                gone: (message) => ({ personaId: input.id, message }),
                successTypename: 'DeletePersonaSuccess',
                vendorName: 'Bland',
                itemName: 'persona',
                createdMomentsAgo: async () => false,
              },
              earlier,
            ),
          ),
        ),
      ({ id, force, earlier }) => `${force}:${earlier}:${id}`,
    ),
  );
  const dispositionDeletes = lazy(() =>
    createCallLoader(
      ({ id, earlier }: DeleteKey<{ id: string }>) =>
        audit(dispositionDelete(id), () =>
          deleteConfirmed(
            deleteSteps(
              {
                remove: (retries) => bolna.deleteDisposition({ id }, { ...contextFor('BOLNA'), retries }),
                read: () => bolna.getDisposition({ id }, { ...contextFor('BOLNA'), retries: 0 }),
                isNotFound: (outcome) => outcome instanceof DispositionNotFoundError,
                gone: (message) => ({ dispositionId: id, message }),
                successTypename: 'DeleteDispositionSuccess',
                vendorName: 'Bolna',
                itemName: 'disposition',
                createdMomentsAgo: () => options.createdIds.isRecent('BOLNA', id),
              },
              earlier,
            ),
          ),
        ),
      ({ id, earlier }) => `${earlier}:${id}`,
    ),
  );
  // Made by the first write a request sends: most requests send none.
  const personaWrites = lazy(() =>
    createPersonaWrites({ bland, context: () => contextFor('BLAND'), audit, personas: persona }),
  );
  const dispositionWrites = lazy(() =>
    createDispositionWrites({
      bolna,
      context: () => contextFor('BOLNA'),
      audit,
      createdIds: options.createdIds,
      dispositions: disposition,
    }),
  );
  const changeNumbers = (change: 'attach' | 'detach') => (input: PersonaNumbersInput) => {
    const description: AuditedCall = {
      vendor: 'BLAND',
      operation: `persona.${change}Numbers`,
      id: input.personaId,
      force: null,
    };
    return mutationCall<PersonaNumbersSuccess>(audit, description, {
      send: () =>
        audit(description, () =>
          change === 'attach'
            ? bland.attachPersonaNumbers(input, contextFor('BLAND'))
            : bland.detachPersonaNumbers(input, contextFor('BLAND')),
        ),
      keep: ({ personaId }) => ({ typename: 'PersonaNumbersSuccess', fields: { personaId } }),
      // The numbers are the persona's, read again: the store keeps ids, never a persona's numbers.
      replay: async ({ fields }) => {
        const personaId = String(fields.personaId);
        const current = await outcomeOf(bland.getPersona({ id: personaId }, contextFor('BLAND')));
        return 'inboundNumbers' in current ? { personaId, inboundNumbers: current.inboundNumbers } : current;
      },
    });
  };

  return {
    get persona() {
      return persona();
    },
    personas: (first, after) =>
      readPersonaWindow(first, after, async (page) => {
        const listed = await outcomeOf(bland.listPersonas(page, contextFor('BLAND')));
        if (Array.isArray(listed)) {
          for (const item of listed as readonly Persona[])
            if (!item.deletedAt) persona().prime(item.id, item);
        }
        return listed;
      }),
    get disposition() {
      return disposition();
    },
    dispositions: async (agentId) => {
      const list = await outcomeOf(
        bolna.listDispositions({ agentId: agentId ?? undefined }, contextFor('BOLNA')),
      );
      if ('dispositions' in list) {
        for (const item of [...list.dispositions, ...list.globalDispositions])
          disposition().prime(item.id, item);
      }
      return list;
    },
    deletePersona: (input) =>
      mutationCall<Confirmed<DeletePersonaSuccess>>(audit, personaDelete(input), {
        send: (earlier) => personaDeletes().load({ ...input, earlier }),
        keep: keepWhole('DeletePersonaSuccess'),
        replay: replayWhole,
      }),
    deleteDisposition: (id) =>
      mutationCall<Confirmed<DeleteDispositionSuccess>>(audit, dispositionDelete(id), {
        send: (earlier) => dispositionDeletes().load({ id, earlier }),
        keep: keepWhole('DeleteDispositionSuccess'),
        replay: replayWhole,
      }),
    attachPersonaNumbers: changeNumbers('attach'),
    detachPersonaNumbers: changeNumbers('detach'),
    createPersona: (input) => personaWrites().createPersona(input),
    updatePersona: (id, input) => personaWrites().updatePersona(id, input),
    promotePersonaDraft: (id) => personaWrites().promotePersonaDraft(id),
    createDisposition: (input) => dispositionWrites().createDisposition(input),
    updateDisposition: (id, input) => dispositionWrites().updateDisposition(id, input),
    createDispositions: (agentId, inputs) => dispositionWrites().createDispositions(agentId, inputs),
  };
}
