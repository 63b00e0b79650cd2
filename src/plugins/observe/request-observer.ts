import { performance } from 'node:perf_hooks';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../../observability/logger.js';
import type { GatewayMetrics, OperationOutcome } from '../../observability/metrics.js';
import type { TraceSpan, Tracing } from '../../observability/tracing/trace-span.js';

interface Observed {
  /** A GraphQL request: it gets a log line and metrics. */
  graphql: boolean;
  started: number;
  operationName: string | null;
  operationType: string;
  /** Ran and produced data (possibly with errors beside it). */
  answered: boolean;
  hasErrors: boolean;
  /** The request's server span; undefined with tracing off. */
  span: TraceSpan | undefined;
  /** The operation's span while it executes. */
  operationSpan: TraceSpan | undefined;
}

/** Options for {@link createRequestObserver}. */
export interface RequestObserverOptions {
  graphqlEndpoint: string;
  /** The paths the gateway serves: a server span is named after one of them, never after any other path. */
  routes: readonly string[];
  logger: Logger;
  metrics: GatewayMetrics;
  readRequestId: (request: Request) => string;
  /**
   * Traces every HTTP request: a server span, and a child span per GraphQL operation.
   * @default undefined: tracing off, and the observer does nothing more than without it
   */
  tracing?: Tracing | undefined;
}

export interface RequestObserver {
  /** Its onParse, onExecute and onResponse hooks: first among the plugins. */
  plugin: Plugin;
  /**
   * Its onRequest hook, which starts following a request: the first of the gates that
   * useOnRequestInOrder runs as one hook, so it sees every request without a hook of its own.
   */
  arrivals: Plugin;
  /**
   * The span a request's work is part of: its operation's while one executes, else its server
   * span. Takes the request's server context (the GraphQL context is the same object).
   */
  traceOf(serverContext: object): TraceSpan | undefined;
}

/**
 * Puts the request id on every response, and gives every GraphQL request one log line and one
 * metric: request id, operation name and type, HTTP status, outcome and duration, and while
 * tracing is on the server span's trace and span ids. With tracing on it also starts and ends the
 * spans of every HTTP request, in the hooks it has anyway (each hook Yoga runs costs every
 * request). Its plugin comes first among the plugins and its arrivals first among the request
 * gates, so it sees every request, including those another plugin refuses. A request is followed
 * by its server context: it stays the same object when a plugin replaces the request (the body
 * limit does), and Yoga runs the operation with it as the GraphQL context.
 */
export function createRequestObserver(options: RequestObserverOptions): RequestObserver {
  const { graphqlEndpoint, logger, metrics, readRequestId, tracing } = options;
  const routes = new Set(options.routes);
  const byContext = new WeakMap<object, Observed>();
  const arrivals: Plugin = {
    onRequest({ request, url, serverContext }) {
      const graphql = url.pathname === graphqlEndpoint;
      if (!graphql && !tracing) return;
      byContext.set(serverContext, {
        graphql,
        started: performance.now(),
        operationName: null,
        operationType: 'none',
        answered: false,
        hasErrors: false,
        span: tracing && startServerSpan(tracing, request, url.pathname, routes),
        operationSpan: undefined,
      });
    },
  };
  const plugin: Plugin = {
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
      const { span } = entry;
      entry.operationSpan =
        span && (span.recording ? startOperationSpan(span, entry.operationName, entry.operationType) : span);
      return {
        onExecuteDone({ result }) {
          if (!('data' in result) && !('errors' in result)) return; // a stream, which this schema never answers
          // No data at all (a missing variable, say): refused, like a document that fails validation.
          entry.answered = result.data !== undefined;
          entry.hasErrors = (result.errors?.length ?? 0) > 0;
          if (entry.operationSpan) {
            if (entry.hasErrors) entry.operationSpan.fail();
            entry.operationSpan.end();
            entry.operationSpan = undefined;
          }
        },
      };
    },
    onResponse({ request, response, serverContext }) {
      const requestId = readRequestId(request);
      response.headers.set('x-request-id', requestId);
      const entry = byContext.get(serverContext);
      if (!entry) return;
      const { span } = entry;
      if (span?.recording) {
        span.setAttributes({ 'http.response.status_code': response.status });
        if (response.status >= 500) span.fail(String(response.status));
        span.end();
      }
      if (!entry.graphql) return;
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
          ...(span ? { trace_id: span.traceId, span_id: span.spanId } : {}),
        },
        'graphql request',
      );
    },
  };
  return {
    plugin,
    arrivals,
    traceOf: (serverContext) => {
      const entry = byContext.get(serverContext);
      return entry && (entry.operationSpan ?? entry.span);
    },
  };
}

/**
 * The stable HTTP server conventions: method, path and status, never the query (a GET carries
 * its variables there) nor the full URL. Only a path the gateway serves names the span.
 */
function startServerSpan(tracing: Tracing, request: Request, path: string, routes: ReadonlySet<string>) {
  const route = routes.has(path) ? path : null;
  return tracing.startRequestSpan(
    route ? `${request.method} ${route}` : request.method,
    {
      'http.request.method': request.method,
      'url.path': path,
      ...(route ? { 'http.route': route } : {}),
    },
    request.headers.get('traceparent'),
  );
}

/** The GraphQL conventions: the operation's type and name, never its document or variables. */
function startOperationSpan(server: TraceSpan, name: string | null, type: string): TraceSpan {
  return server.startChild(name ? `${type} ${name}` : type, 'internal', {
    'graphql.operation.type': type,
    ...(name ? { 'graphql.operation.name': name } : {}),
  });
}
