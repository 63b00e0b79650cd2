import { performance } from 'node:perf_hooks';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../../observability/logger.js';
import type { GatewayMetrics, OperationOutcome } from '../../observability/metrics.js';

interface Observed {
  started: number;
  operationName: string | null;
  operationType: string;
  /** Ran and produced data (possibly with errors beside it). */
  answered: boolean;
  hasErrors: boolean;
}

/**
 * Puts the request id on every response, and gives every GraphQL request one log line and one
 * metric: request id, operation name and type, HTTP status, outcome and duration. Must come first
 * among the plugins, so it sees every request, including those another plugin refuses. A request
 * is followed by its server context: it stays the same object when a plugin replaces the request
 * (the body limit does), and Yoga runs the operation with it as the GraphQL context.
 */
export function useRequestObserver(
  graphqlEndpoint: string,
  logger: Logger,
  metrics: GatewayMetrics,
  readRequestId: (request: Request) => string,
): Plugin {
  const byContext = new WeakMap<object, Observed>();
  return {
    onRequest({ url, serverContext }) {
      if (url.pathname !== graphqlEndpoint) return;
      byContext.set(serverContext, {
        started: performance.now(),
        operationName: null,
        operationType: 'none',
        answered: false,
        hasErrors: false,
      });
    },
    onParse({ context }) {
      // The name the client gave, so that an operation refused before it runs keeps it.
      const entry = byContext.get(context);
      const operationName = (context as { params?: { operationName?: unknown } }).params?.operationName;
      if (entry && typeof operationName === 'string') entry.operationName = operationName;
    },
    onExecute({ args }) {
      const entry = byContext.get(args.contextValue as object);
      if (!entry) return;
      const operation = getOperationAST(args.document, args.operationName);
      entry.operationName = operation?.name?.value ?? entry.operationName;
      entry.operationType = operation?.operation ?? 'none';
      return {
        onExecuteDone({ result }) {
          if (!('data' in result) && !('errors' in result)) return; // a stream, which this schema never answers
          // No data at all (a missing variable, say): refused, like a document that fails validation.
          entry.answered = result.data !== undefined;
          entry.hasErrors = (result.errors?.length ?? 0) > 0;
        },
      };
    },
    onResponse({ request, response, serverContext }) {
      const requestId = readRequestId(request);
      response.headers.set('x-request-id', requestId);
      const entry = byContext.get(serverContext);
      if (!entry) return;
      const seconds = (performance.now() - entry.started) / 1000;
      const outcome: OperationOutcome = entry.answered
        ? entry.hasErrors
          ? 'errors'
          : 'ok'
        : response.status >= 500
          ? 'failed'
          : 'rejected';
      metrics.observeOperation(entry.operationType, outcome, seconds);
      logger.info(
        {
          requestId,
          operationName: entry.operationName,
          operationType: entry.operationType,
          status: response.status,
          outcome,
          durationMs: Math.round(seconds * 1000),
        },
        'graphql request',
      );
    },
  };
}
