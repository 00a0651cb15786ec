import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resetTracing, useTracerProvider } from '../telemetry/telemetry';

/** Spans recorded in memory, for tests that check what a flow traces. */
export interface SpanRecorder {
  /** The finished spans of a trace, once `ready` holds for them (or after `timeoutMs`). */
  spansOf(
    traceId: string,
    ready?: (spans: readonly ReadableSpan[]) => boolean,
    timeoutMs?: number,
  ): Promise<ReadableSpan[]>;
  /** Turns tracing off again. */
  stop(): void;
}

/**
 * Turns tracing on with every span exported to memory as it ends. Call before the service starts
 * (its backbone takes the tracer at construction).
 */
export function recordSpans(): SpanRecorder {
  // Loaded here, not with the platform: services never need them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { InMemorySpanExporter, SimpleSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { NodeTracerProvider } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const exporter = new InMemorySpanExporter();
  useTracerProvider(
    new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  const ofTrace = (traceId: string): ReadableSpan[] =>
    exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  return {
    async spansOf(traceId, ready = () => true, timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      while (!ready(ofTrace(traceId)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      return ofTrace(traceId);
    },
    stop() {
      exporter.reset();
      resetTracing();
    },
  };
}
