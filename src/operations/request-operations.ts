import type DataLoader from 'dataloader';
import type { Disposition, DispositionList } from '../domain/disposition.js';
import { DispositionNotFoundError, type GatewayError, PersonaNotFoundError } from '../domain/errors.js';
import type { Persona } from '../domain/persona.js';
import type { Vendor } from '../domain/vendor.js';
import type { AuditLog } from '../observability/audit-log.js';
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
import { type Audit, audited } from './audited.js';
import { createCallLoader } from './call-loader.js';
import { type Confirmed, deleteConfirmed } from './confirmed-delete.js';
import type { CreatedIds } from './created-ids.js';
import { readApiKey, type ServerKeys } from './credentials.js';
import { createDispositionWrites, type DispositionWrites } from './disposition-writes.js';
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
 * What one GraphQL request can ask of the vendors. Loaders dedupe: the same item asked for by
 * several fields of one operation reaches the vendor once; a list's items prime the item loader.
 * Each loader is made on first use: most requests call one vendor.
 */
export interface RequestOperations extends PersonaWrites, DispositionWrites {
  persona: DataLoader<string, Persona, string>;
  personas(first: number, after: string | null | undefined): Promise<PersonaConnection | GatewayError>;
  disposition: DataLoader<string, Disposition, string>;
  dispositions(agentId: string | null | undefined): Promise<DispositionList | GatewayError>;
  deletePersona: DataLoader<DeletePersonaInput, Confirmed<DeletePersonaSuccess>, string>;
  deleteDisposition: DataLoader<string, Confirmed<DeleteDispositionSuccess>, string>;
  attachPersonaNumbers(input: PersonaNumbersInput): Promise<PersonaNumbersSuccess | GatewayError>;
  detachPersonaNumbers(input: PersonaNumbersInput): Promise<PersonaNumbersSuccess | GatewayError>;
}

export function createRequestOperations(request: Request, options: OperationsOptions): RequestOperations {
  const { bland, bolna, serverKeys, readMeta, auditLog } = options;
  const contexts = new Map<Vendor, CallContext>();
  const contextFor = (vendor: Vendor): CallContext => {
    let context = contexts.get(vendor);
    if (!context) {
      context = { apiKey: readApiKey(request, vendor, serverKeys), requestId: readMeta(request).requestId };
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

  const persona = lazy(() =>
    createCallLoader((id: string) => outcomeOf(bland.getPersona({ id }, contextFor('BLAND')))),
  );
  const disposition = lazy(() =>
    createCallLoader((id: string) => outcomeOf(bolna.getDisposition({ id }, contextFor('BOLNA')))),
  );
  const deletePersona = lazy(() =>
    createCallLoader(
      (input: DeletePersonaInput) =>
        audited(
          auditLog,
          readMeta(request),
          { vendor: 'BLAND', operation: 'persona.delete', id: input.id, force: input.force },
          () =>
            deleteConfirmed({
              remove: (retries) => bland.deletePersona(input, { ...contextFor('BLAND'), retries }),
              read: () => bland.getPersona({ id: input.id }, { ...contextFor('BLAND'), retries: 0 }),
              isNotFound: (outcome) => outcome instanceof PersonaNotFoundError,
              gone: (how) => ({
                personaId: input.id,
                message: `Bland's answer to the delete was lost; a follow-up ${how} found the persona gone.`,
              }),
              successTypename: 'DeletePersonaSuccess',
              retries: options.retries,
              createdMomentsAgo: async () => false,
            }),
        ),
      ({ id, force }) => `${force}:${id}`,
    ),
  );
  const deleteDisposition = lazy(() =>
    createCallLoader((id: string) =>
      audited(
        auditLog,
        readMeta(request),
        { vendor: 'BOLNA', operation: 'disposition.delete', id, force: null },
        () =>
          deleteConfirmed({
            remove: (retries) => bolna.deleteDisposition({ id }, { ...contextFor('BOLNA'), retries }),
            read: () => bolna.getDisposition({ id }, { ...contextFor('BOLNA'), retries: 0 }),
            isNotFound: (outcome) => outcome instanceof DispositionNotFoundError,
            gone: (how) => ({
              dispositionId: id,
              message: `Bolna's answer to the delete was lost; a follow-up ${how} found the disposition gone.`,
            }),
            successTypename: 'DeleteDispositionSuccess',
            retries: options.retries,
            createdMomentsAgo: () => options.createdIds.isRecent('BOLNA', id),
          }),
      ),
    ),
  );
  const audit: Audit = (description, call) => audited(auditLog, readMeta(request), description, call);
  const changeNumbers = (change: 'attach' | 'detach') => (input: PersonaNumbersInput) =>
    audit({ vendor: 'BLAND', operation: `persona.${change}Numbers`, id: input.personaId, force: null }, () =>
      change === 'attach'
        ? bland.attachPersonaNumbers(input, contextFor('BLAND'))
        : bland.detachPersonaNumbers(input, contextFor('BLAND')),
    );

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
    get deletePersona() {
      return deletePersona();
    },
    get deleteDisposition() {
      return deleteDisposition();
    },
    attachPersonaNumbers: changeNumbers('attach'),
    detachPersonaNumbers: changeNumbers('detach'),
    ...createPersonaWrites({ bland, context: () => contextFor('BLAND'), audit, personas: persona }),
    ...createDispositionWrites({
      bolna,
      context: () => contextFor('BOLNA'),
      audit,
      createdIds: options.createdIds,
      dispositions: disposition,
    }),
  };
}
