import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { loadConfig } from '../config/config';
import { telemetryConfigShape } from './telemetry-config';

let sdk: NodeSDK | undefined;
let enabled = false;

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
  // Loaded only now: the SDK and its instrumentations cost ~0.2 s and ~25 MB at every start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createSdk } = require('./sdk') as typeof import('./sdk');
  sdk = createSdk(config.OTEL_SERVICE_NAME === undefined ? serviceName : undefined);
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
