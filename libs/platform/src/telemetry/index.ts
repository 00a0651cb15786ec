// Entry point of `@careflow/platform/telemetry`: what a service loads before anything else, so it
// pulls in none of Nest, Express or pg (the instrumentations must patch them as they load).
export { startTelemetry, stopTelemetry, tracingEnabled, messagingTracer } from './telemetry';
export { telemetryConfigShape } from './telemetry-config';
