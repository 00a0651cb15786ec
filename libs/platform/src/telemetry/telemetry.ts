import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { loadConfig } from '../config/config';
import { telemetryConfigShape } from './telemetry-config';

let sdk: NodeSDK | undefined;
let enabled = false;

/** Probes and scrapes: a span each would drown the traces that matter. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/**
 * Starts the OpenTelemetry SDK when `OTEL_TRACES_EXPORTER` asks for spans (`otlp`, `console`);
 * otherwise does nothing, and nothing of the SDK runs. Must run before Nest, Express and pg load,
 * so each service's `src/telemetry.ts` calls it and `main.ts` imports that file first.
 */
export function startTelemetry(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): boolean {
  const config = loadConfig(telemetryConfigShape, env);
  const exporters = config.OTEL_TRACES_EXPORTER;
  if (config.OTEL_SDK_DISABLED || !exporters.some((e) => e === 'otlp' || e === 'console'))
    return false;
  if (sdk) return true;
  sdk = new NodeSDK({
    ...(config.OTEL_SERVICE_NAME === undefined ? { serviceName } : {}),
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
  sdk.start();
  enabled = true;
  return true;
}

/** True once spans are recorded: the SDK started, or a test registered a tracer provider. */
export function tracingEnabled(): boolean {
  return enabled;
}

/** The backbone's tracer when tracing is on; undefined keeps the event path free of spans. */
export function messagingTracer(): Tracer | undefined {
  return enabled ? trace.getTracer('@careflow/messaging') : undefined;
}

/**
 * Registers a tracer provider built elsewhere, with its AsyncLocalStorage context manager (what
 * the SDK registers): tests export spans to memory this way. `resetTracing` undoes it.
 */
export function useTracerProvider(provider: NodeTracerProvider): void {
  provider.register();
  enabled = true;
}

export function resetTracing(): void {
  trace.disable();
  context.disable();
  propagation.disable();
  enabled = false;
}

/** Exports the spans still buffered; called at shutdown. */
export async function stopTelemetry(): Promise<void> {
  const running = sdk;
  if (!running) return;
  sdk = undefined;
  enabled = false;
  await running.shutdown();
}
