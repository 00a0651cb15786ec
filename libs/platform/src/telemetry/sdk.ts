import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** Probes and scrapes: a span each would drown the traces that matter. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/**
 * The SDK with the platform's instrumentations; exporter, sampler, resource and batching come
 * from the standard `OTEL_*` variables. `serviceName` unset: `OTEL_SERVICE_NAME` names it.
 */
export function createSdk(serviceName: string | undefined): NodeSDK {
  return new NodeSDK({
    ...(serviceName !== undefined ? { serviceName } : {}),
    // Traces only: metrics are Prometheus (`/metrics`) and logs are JSON lines on stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new NestInstrumentation(),
      // Statements only (their text has `$n` placeholders, never values); queries outside any
      // span (relay polls, pruning, metric scrapes) make no trace of their own.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
}
