import { randomUUID } from 'node:crypto';
import { type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../../observability/logger.js';
import type { TraceSpan } from '../../observability/tracing/trace-span.js';
import {
  createRequestIdempotency,
  type RequestIdempotency,
} from '../../operations/idempotency/request-idempotency.js';
import { type Store, StoreUnavailableError } from '../../store/store.js';
import type { StoreKeys } from '../../store/store-keys.js';
import { type CallBounds, claimDurationMs } from './claim-duration.js';
import { parseIdempotencyKey } from './idempotency-key.js';

/** The context this plugin reads and extends. */
export interface IdempotencyContext {
  request: Request;
  params?: { query?: string | undefined; operationName?: string | null | undefined; variables?: unknown };
  /** Set by this plugin when the request is a mutation under an Idempotency-Key. */
  idempotency?: RequestIdempotency | undefined;
}

/** What the idempotency metrics count (closed label sets); the store counts its own errors. */
export interface IdempotencyMetrics {
  observeIdempotencyReplay(): void;
  observeIdempotencyConflict(reason: 'in_use' | 'reused'): void;
}

/** Options for {@link useIdempotency}. */
export interface IdempotencyOptions extends CallBounds {
  store: Store;
  keys: StoreKeys;
  /**
   * Who a record belongs to: the caller (a verified token's index, a JWT's subject, else the client
   * address) and every vendor credential the request uses; never a secret as it is: the parts
   * become an HMAC.
   */
  scopeOf(context: IdempotencyContext): string[];
  /**
   * How long a record is kept (IDEMPOTENCY_TTL_S, in ms).
   * @default none: required
   */
  ttlMs: number;
  /**
   * IDEMPOTENCY_REQUIRED: a mutation without a key is refused.
   * @default false
   */
  required: boolean;
  logger: Logger;
  metrics: IdempotencyMetrics;
  /**
   * The span the request's store calls are part of, while tracing is on.
   * @default undefined: no spans
   */
  traceOf?: ((context: object) => TraceSpan | undefined) | undefined;
}

/**
 * `Idempotency-Key` on mutations (draft-ietf-httpapi-idempotency-key-header). Before a mutation
 * runs, its record is claimed atomically: the same key with another request is 422
 * IDEMPOTENCY_KEY_REUSED, with a request still running (on any replica) 409
 * IDEMPOTENCY_KEY_IN_USE, a store that cannot answer 503 IDEMPOTENCY_STORE_UNAVAILABLE; in each,
 * nothing runs. The claim lasts the worst case the settings allow for the request, is refreshed
 * while it runs, and is released when it ends. The calls then run under the record
 * (operations/idempotency/request-idempotency.ts); when every one came from the store, the answer
 * says `Idempotent-Replayed: true`. Queries ignore the header.
 */
export function useIdempotency(options: IdempotencyOptions): Plugin<IdempotencyContext> {
  const { store, keys, logger, metrics } = options;
  return {
    onExecute({ args, setResultAndStopExecution, extendContext }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const context = args.contextValue;
      const header = context.request.headers.get('idempotency-key');
      if (header === null) {
        if (options.required) {
          setResultAndStopExecution(
            refusal(
              400,
              'IDEMPOTENCY_KEY_REQUIRED',
              'This gateway needs an Idempotency-Key header on every mutation.',
            ),
          );
        }
        return;
      }
      const key = parseIdempotencyKey(header);
      if (key === null) {
        setResultAndStopExecution(
          refusal(
            400,
            'IDEMPOTENCY_KEY_INVALID',
            'The Idempotency-Key header must be a Structured Fields string or a token of letters, digits and -_.: holding 1 to 255 visible ASCII characters.',
          ),
        );
        return;
      }
      return begin(key);

      async function begin(key: string) {
        const trace = options.traceOf?.(context);
        const scope = options.scopeOf(context);
        const record = keys.keyFor('idempotency', ...scope, key);
        const digest = keys.keyFor('idempotency', 'request', ...requestIdentity(context));
        const owner = randomUUID();
        const claimMs = claimDurationMs(
          args.schema,
          operation as NonNullable<typeof operation>,
          args.variableValues ?? {},
          options,
        );
        let calls: ReadonlyMap<string, string>;
        try {
          const claimed = await store.claim(
            record,
            digest,
            owner,
            claimMs,
            Math.max(options.ttlMs, claimMs),
            trace,
          );
          if (claimed === 'REUSED' || claimed === 'IN_USE') {
            metrics.observeIdempotencyConflict(claimed === 'REUSED' ? 'reused' : 'in_use');
            setResultAndStopExecution(
              claimed === 'REUSED'
                ? refusal(
                    422,
                    'IDEMPOTENCY_KEY_REUSED',
                    'This Idempotency-Key was used for another request: use a new key for a new request.',
                  )
                : refusal(
                    409,
                    'IDEMPOTENCY_KEY_IN_USE',
                    'A request under this Idempotency-Key is still running: wait for its answer, then send this again.',
                  ),
            );
            return;
          }
          calls = claimed === 'NEW' ? new Map() : await store.readCalls(record, trace);
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
          setResultAndStopExecution(
            refusal(
              503,
              'IDEMPOTENCY_STORE_UNAVAILABLE',
              'The idempotency store cannot answer, so a mutation under an Idempotency-Key cannot run safely now; nothing was sent. Send it again shortly, or without the key.',
            ),
          );
          return;
        }
        const idempotency = createRequestIdempotency({
          store,
          record,
          calls,
          ttlMs: options.ttlMs,
          trace,
          logger,
          onReplay: () => metrics.observeIdempotencyReplay(),
        });
        extendContext({ idempotency });
        // A failed refresh leaves the claim to its own expiry, which the worst case already covers.
        const refresh = setInterval(
          () => {
            store.refreshClaim(record, owner, claimMs, trace).catch(() => {});
          },
          Math.max(1000, Math.floor(claimMs / 3)),
        );
        refresh.unref();
        return {
          async onExecuteDone({
            result,
            setResult,
          }: {
            result: unknown;
            setResult: (result: ExecutionResult) => void;
          }) {
            clearInterval(refresh);
            // A claim that cannot be released expires by itself; its outcomes are already stored.
            await store.releaseClaim(record, owner, trace).catch(() => {});
            if (idempotency.replayed) setResult(withReplayedHeader(result as ExecutionResult));
          },
        };
      }
    },
  };
}

/**
 * What identifies a request, whether it named its document by id or sent its text: the document
 * text (as trusted documents resolved it), the operation name and the variables with their keys
 * sorted.
 */
function requestIdentity(context: IdempotencyContext): string[] {
  const { query = '', operationName, variables } = context.params ?? {};
  return [query, operationName ?? '', sortedJson(variables ?? {})];
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function refusal(status: number, code: string, message: string): ExecutionResult {
  return { errors: [new GraphQLError(message, { extensions: { code, http: { status } } })] };
}

function withReplayedHeader(result: ExecutionResult): ExecutionResult {
  const extensions = (result.extensions ?? {}) as Record<string, unknown> & { http?: { headers?: object } };
  return {
    ...result,
    extensions: {
      ...extensions,
      http: { ...extensions.http, headers: { ...extensions.http?.headers, 'idempotent-replayed': 'true' } },
    },
  };
}
