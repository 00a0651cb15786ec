import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, describeConfig, loadConfig } from '../config/config';
import { telemetryConfigShape } from './telemetry-config';
import { startTelemetry, tracingEnabled } from './telemetry';

describe('telemetry configuration', () => {
  it('is documented in the README exactly as describeConfig renders it', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(describeConfig(telemetryConfigShape));
  });

  it('leaves tracing off by default and for `none`', () => {
    expect(startTelemetry('test', {})).toBe(false);
    expect(startTelemetry('test', { OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(
      startTelemetry('test', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
    expect(tracingEnabled()).toBe(false);
  });

  it('stops start-up naming a wrong variable', () => {
    expect(() => loadConfig(telemetryConfigShape, { OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(
      ConfigError,
    );
    expect(() => startTelemetry('test', { OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(
      /OTEL_TRACES_SAMPLER_ARG/,
    );
    expect(
      loadConfig(telemetryConfigShape, { OTEL_TRACES_EXPORTER: 'otlp, console' }),
    ).toMatchObject({
      OTEL_TRACES_EXPORTER: ['otlp', 'console'],
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    });
  });
});
