import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../logger.js';
import { createOutageNotice } from '../outage-notice.js';

/**
 * The exporter, telling the log once when exports start failing and once when they work again.
 * The line says no more than that: an exporter's error can quote the collector's answer, and its
 * request carries OTEL_EXPORTER_OTLP_HEADERS (a collector's token).
 */
export function toObservedExporter(exporter: SpanExporter, logger: Logger): SpanExporter {
  const notice = createOutageNotice(logger, {
    failed: 'tracing: spans could not be exported to the OTLP endpoint; later batches are still tried',
    answered: 'tracing: the OTLP endpoint takes spans again',
  });
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      exporter.export(spans, (result) => {
        if (result.code === ExportResultCode.SUCCESS) notice.answered();
        else notice.failed();
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}
