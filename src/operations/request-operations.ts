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
import { type AuditedCall, type AuditedResult, audited, replayedResult } from './audited.js';
import { createCallLoader } from './call-loader.js';
import { type Confirmed, type DeleteSteps, deleteConfirmed } from './confirmed-delete.js';
import { readApiKey, type ServerKeys } from './credentials.js';
import type { EarlierAttempt, IdempotentCall } from './idempotency/request-idempotency.js';
import type { StoredMember } from './idempotency/stored-members.js';
import { type PersonaConnection, readPersonaWindow } from './persona-pages.js';

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
  /** True when this gateway created the disposition moments ago (Bolna's read lag): a 404 for it proves nothing. */
  createdMomentsAgo(vendor: Vendor, id: string): Promise<boolean>;
}

/**
 * What one GraphQL request can ask of the vendors. Reads are loaders, which dedupe: the same item
 * asked for by several fields of one operation reaches the vendor once; a list's items prime the
 * item loader. Each call that changes something is an {@link IdempotentCall}, audited, which the
 * mutation field runs under the request's Idempotency-Key when it has one; its deletes dedupe too.
 */
export interface RequestOperations {
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
  const audit = <Success>(description: AuditedCall, call: () => Promise<AuditedResult<Success>>) =>
    audited(auditLog, readMeta(request), description, call);

  /** A call that changes something; `send` audits what it sends, a replay from the store is audited as such. */
  const changing = <Success>(
    description: AuditedCall,
    send: (earlier: EarlierAttempt) => Promise<AuditedResult<Success>>,
    keep: (success: Success) => StoredMember,
    replay: (member: StoredMember) => Promise<Success | GatewayError>,
  ): IdempotentCall<Success> => ({
    vendor: description.vendor,
    send: async (earlier) => {
      const { outcome, ambiguous } = await send(earlier);
      return { outcome, ambiguous };
    },
    keep,
    replay,
    auditReplay: async (outcome) => {
      const typename = (outcome as { name?: string }).name ?? keep(outcome as Success).typename;
      await audited(
        auditLog,
        readMeta(request),
        description,
        async () => replayedResult(outcome, typename),
        true,
      );
    },
  });

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
    vendor: Vendor,
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
              'BLAND',
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
              'BOLNA',
              {
                remove: (retries) => bolna.deleteDisposition({ id }, { ...contextFor('BOLNA'), retries }),
                read: () => bolna.getDisposition({ id }, { ...contextFor('BOLNA'), retries: 0 }),
                isNotFound: (outcome) => outcome instanceof DispositionNotFoundError,
                gone: (message) => ({ dispositionId: id, message }),
                successTypename: 'DeleteDispositionSuccess',
                vendorName: 'Bolna',
                itemName: 'disposition',
                createdMomentsAgo: () => options.createdMomentsAgo('BOLNA', id),
              },
              earlier,
            ),
          ),
        ),
      ({ id, earlier }) => `${earlier}:${id}`,
    ),
  );
  /** A kept delete success is the whole answer: two ids and a message. */
  const keepAll =
    (typename: string) =>
    <Success extends object>(success: Success): StoredMember => ({
      typename,
      fields: { ...(success as Record<string, unknown>) },
    });
  const replayAll = async <Success>(member: StoredMember) => member.fields as Success;

  const changeNumbers = (change: 'attach' | 'detach') => (input: PersonaNumbersInput) => {
    const description: AuditedCall = {
      vendor: 'BLAND',
      operation: `persona.${change}Numbers`,
      id: input.personaId,
      force: null,
    };
    return changing<PersonaNumbersSuccess>(
      description,
      () =>
        audit(description, () =>
          change === 'attach'
            ? bland.attachPersonaNumbers(input, contextFor('BLAND'))
            : bland.detachPersonaNumbers(input, contextFor('BLAND')),
        ),
      ({ personaId }) => ({ typename: 'PersonaNumbersSuccess', fields: { personaId } }),
      // The numbers are the persona's, read again: the store keeps ids, never a persona's numbers.
      async ({ fields }) => {
        const personaId = String(fields.personaId);
        const current = await outcomeOf(bland.getPersona({ id: personaId }, contextFor('BLAND')));
        return 'inboundNumbers' in current ? { personaId, inboundNumbers: current.inboundNumbers } : current;
      },
    );
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
      changing<Confirmed<DeletePersonaSuccess>>(
        personaDelete(input),
        (earlier) => personaDeletes().load({ ...input, earlier }),
        keepAll('DeletePersonaSuccess'),
        replayAll,
      ),
    deleteDisposition: (id) =>
      changing<Confirmed<DeleteDispositionSuccess>>(
        dispositionDelete(id),
        (earlier) => dispositionDeletes().load({ id, earlier }),
        keepAll('DeleteDispositionSuccess'),
        replayAll,
      ),
    attachPersonaNumbers: changeNumbers('attach'),
    detachPersonaNumbers: changeNumbers('detach'),
  };
}
