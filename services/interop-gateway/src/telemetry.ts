// Imported first by main.ts: the OpenTelemetry SDK (when OTEL_TRACES_EXPORTER asks for it) must be
// running before Nest, Express and pg load, so that its instrumentations can patch them.
import { startTelemetry } from '@careflow/platform/telemetry';

startTelemetry('interop-gateway');
