import { PLAINTEXT_IN_PRODUCTION_OPT_OUT } from '@careflow/messaging';
import { PlatformModule } from '../bootstrap/platform.module';
import { commonConfigShape, loadConfig } from './config';
import { kafkaConnectionFromEnv } from '@careflow/messaging';
import { checkTopicDurability } from './kafka-connection';

const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
// Production refuses the development token mode: an OIDC issuer (not contacted at start).
const auth = (env: Record<string, string>): Record<string, string> =>
  env['NODE_ENV'] === 'production'
    ? { AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://login.example.org' }
    : { AUTH_MODE: 'development-hs256' };

function startService(env: Record<string, string>): void {
  const config = loadConfig(commonConfigShape, { ...secret, ...auth(env), ...env });
  PlatformModule.forService({
    serviceName: 'eligibility',
    schema: 'eligibility',
    config,
    migrations: [],
  });
}

describe('Kafka settings of a service', () => {
  it('refuses to start in production against a plaintext broker, naming the opt-out', () => {
    expect(() => startService({ NODE_ENV: 'production' })).toThrow(
      /KAFKA_SECURITY_PROTOCOL: plaintext .* KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION/,
    );
    expect(() =>
      startService({
        NODE_ENV: 'production',
        KAFKA_SECURITY_PROTOCOL: 'sasl_plaintext',
        KAFKA_SASL_USERNAME: 'eligibility',
        KAFKA_SASL_PASSWORD: 'p',
      }),
    ).toThrow(/KAFKA_SECURITY_PROTOCOL: sasl_plaintext/);
  });

  it('starts in production over plaintext only with the explicit opt-out', () => {
    expect(() =>
      startService({
        NODE_ENV: 'production',
        KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION: PLAINTEXT_IN_PRODUCTION_OPT_OUT,
      }),
    ).not.toThrow();
    expect(() =>
      loadConfig(commonConfigShape, { ...secret, KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION: 'true' }),
    ).toThrow(/KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION/);
  });

  it('starts over plaintext in development and test, as npm start and npm test do', () => {
    expect(() => startService({ NODE_ENV: 'development' })).not.toThrow();
    expect(() => startService({ NODE_ENV: 'test' })).not.toThrow();
  });

  it('refuses min.insync.replicas above the replication factor', () => {
    expect(() =>
      startService({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' }),
    ).toThrow(/KAFKA_MIN_INSYNC_REPLICAS: 2 exceeds KAFKA_REPLICATION_FACTOR \(1\)/);
    expect(() =>
      checkTopicDurability({ KAFKA_REPLICATION_FACTOR: 3, KAFKA_MIN_INSYNC_REPLICAS: 2 }),
    ).not.toThrow();
  });

  it('gives tools the same options from the environment, refusing the same mistakes', () => {
    expect(kafkaConnectionFromEnv('tool', { KAFKA_BROKERS: 'a:1,b:2' })).toEqual({
      brokers: ['a:1', 'b:2'],
      clientId: 'tool',
    });
    expect(() => kafkaConnectionFromEnv('tool', { KAFKA_SECURITY_PROTOCOL: 'tls' })).toThrow(
      /KAFKA_SECURITY_PROTOCOL/,
    );
    expect(() => kafkaConnectionFromEnv('tool', { NODE_ENV: 'production' })).toThrow(
      /refused with NODE_ENV=production/,
    );
  });
});
