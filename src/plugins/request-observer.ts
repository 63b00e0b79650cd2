import { performance } from 'node:perf_hooks';
import { getOperationAST } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { GatewayMetrics, OperationOutcome } from '../metrics/gateway-metrics.js';

interface Observed {
  started: number;
  operationName: string | null;
  operationType: string;
  /** Ran and produced data (possibly with errors beside it). */
  answered: boolean;
  hasErrors: boolean;
}

/**
 * One log line and one metric per GraphQL request: request id, operation name and type,
 * HTTP status, outcome and duration. Must come first among the plugins, so it sees every request,
 * including those another plugin refuses. A request is followed by its server context, which
 * stays the same object when a plugin replaces the request (the body limit does).
 */
export function useRequestObserver(
  graphqlEndpoint: string,
  logger: Logger,
  metrics: GatewayMetrics,
  readRequestId: (request: Request) => string,
): Plugin {
  const byServerContext = new WeakMap<object, Observed>();
  const byRequest = new WeakMap<Request, Observed>();
  return {
    onRequest({ url, serverContext }) {
      if (url.pathname !== graphqlEndpoint) return;
      byServerContext.set(serverContext, {
        started: performance.now(),
        operationName: null,
        operationType: 'none',
        answered: false,
        hasErrors: false,
      });
    },
    onRequestParse({ request, serverContext }) {
      const entry = byServerContext.get(serverContext);
      if (!entry) return;
      byRequest.set(request, entry);
      // The name the client gave, so that an operation refused before it runs keeps it.
      return {
        onRequestParseDone({ requestParserResult }) {
          const params = Array.isArray(requestParserResult) ? requestParserResult[0] : requestParserResult;
          if (typeof params?.operationName === 'string') entry.operationName = params.operationName;
        },
      };
    },
    onExecute({ args }) {
      const entry = byRequest.get((args.contextValue as YogaInitialContext).request);
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
      const entry = byServerContext.get(serverContext);
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
          requestId: readRequestId(request),
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
