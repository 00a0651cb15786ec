import { z } from 'zod';
import { booleanFlag, commaSeparated } from '../config/config';

const exporters = commaSeparated.pipe(z.array(z.enum(['otlp', 'console', 'none'])).min(1));

/**
 * The standard OpenTelemetry variables the platform reads or documents (the SDK reads them
 * itself; they are validated here so that a wrong value stops the service at start, naming the
 * variable). The SDK's other `OTEL_*` variables (batch processor, resource attributes, OTLP
 * headers and per-signal endpoints) keep the meaning the OpenTelemetry specification gives them.
 */
export const telemetryConfigShape = {
  OTEL_TRACES_EXPORTER: exporters
    .default(['none'])
    .describe(
      'Where spans go: `otlp`, `console` (stdout, for debugging) or `none`, comma-separated. Tracing is off (no SDK, no span) unless it names `otlp` or `console`.',
    ),
  OTEL_SDK_DISABLED: booleanFlag
    .default(false)
    .describe('`true` keeps tracing off whatever `OTEL_TRACES_EXPORTER` says.'),
  OTEL_SERVICE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, dot, dash, underscore')
    .optional()
    .describe('`service.name` of the spans; default the service name (e.g. `case-management`).'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url()
    .optional()
    .describe(
      'OTLP receiver (an OpenTelemetry Collector, Jaeger, Tempo); default `http://localhost:4318` (`http/*`) or `http://localhost:4317` (`grpc`).',
    ),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/protobuf', 'http/json', 'grpc'])
    .default('http/protobuf')
    .describe('OTLP transport.'),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .default('parentbased_always_on')
    .describe(
      "Which traces are recorded; `parentbased_*` follows the sampled flag of an incoming `traceparent` (an event's or a request's), so a trace is kept or dropped as a whole.",
    ),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Ratio of new traces recorded with the `*traceidratio` samplers; default 1.'),
};
