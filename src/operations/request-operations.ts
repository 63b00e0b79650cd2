import type DataLoader from 'dataloader';
import type { AuditLog } from '../observability/audit-log.js';
import type { RequestMeta } from '../plugins/auth/request-meta.js';
import type { BlandClient } from '../vendors/bland/client.js';
import type { DeletePersonaInput, DeletePersonaSuccess } from '../vendors/bland/endpoints/delete-persona.js';
import type { BolnaClient } from '../vendors/bolna/client.js';
import type { DeleteDispositionSuccess } from '../vendors/bolna/endpoints/delete-disposition.js';
import type { CallContext } from '../vendors/core/call-endpoint.js';
import { audited } from './audited.js';
import { createCallLoader } from './call-loader.js';
import { readApiKey, type ServerKeys } from './credentials.js';

/** Options for {@link createRequestOperations}. */
export interface OperationsOptions {
  bland: BlandClient;
  bolna: BolnaClient;
  /** Keys the gateway holds; a request's `x-bland-api-key` / `x-bolna-api-key` header wins over them. */
  serverKeys: ServerKeys;
  readMeta: (request: Request) => RequestMeta;
  /** Where every call that changes something is recorded, before its answer is sent. */
  auditLog: AuditLog;
}

/**
 * What one GraphQL request can ask of the vendors. Each loader is made on first use: most
 * requests call one vendor, and a query none of the deletes.
 */
export interface RequestOperations {
  deletePersona: DataLoader<DeletePersonaInput, DeletePersonaSuccess, string>;
  deleteDisposition: DataLoader<string, DeleteDispositionSuccess, string>;
}

export function createRequestOperations(request: Request, options: OperationsOptions): RequestOperations {
  const { bland, bolna, serverKeys, readMeta, auditLog } = options;
  const contextFor = (vendor: 'BLAND' | 'BOLNA'): CallContext => ({
    apiKey: readApiKey(request, vendor, serverKeys),
    requestId: readMeta(request).requestId,
  });
  let deletePersona: RequestOperations['deletePersona'] | undefined;
  let deleteDisposition: RequestOperations['deleteDisposition'] | undefined;

  return {
    get deletePersona() {
      if (!deletePersona) {
        const context = contextFor('BLAND');
        deletePersona = createCallLoader(
          (input: DeletePersonaInput) =>
            audited(auditLog, readMeta(request), { vendor: 'BLAND', id: input.id, force: input.force }, () =>
              bland.deletePersona(input, context),
            ),
          ({ id, force }) => `${force}:${id}`,
        );
      }
      return deletePersona;
    },
    get deleteDisposition() {
      if (!deleteDisposition) {
        const context = contextFor('BOLNA');
        deleteDisposition = createCallLoader((id: string) =>
          audited(auditLog, readMeta(request), { vendor: 'BOLNA', id, force: null }, () =>
            bolna.deleteDisposition({ id }, context),
          ),
        );
      }
      return deleteDisposition;
    },
  };
}
