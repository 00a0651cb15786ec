import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  kafkaConnectionOptions,
  kafkaConnectionShape,
  KafkaSettingsError,
  PLAINTEXT_IN_PRODUCTION_OPT_OUT,
  type KafkaConnectionSettings,
} from './security';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-spec-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const ca = file('ca.pem', 'CA PEM');
const cert = file('client.pem', 'CERT PEM');
const key = file('client.key', 'KEY PEM');
const passwordFile = file('password', 's3cret-from-file\n');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Parses like a service's config does: an empty variable is unset, defaults applied. */
function settings(env: Record<string, string>): KafkaConnectionSettings {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return {
    ...z.object(kafkaConnectionShape).parse(set),
    NODE_ENV: env['NODE_ENV'] ?? 'development',
  };
}

function failure(env: Record<string, string>): string {
  try {
    kafkaConnectionOptions(settings(env), 'spec');
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaSettingsError);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

const saslSsl = {
  KAFKA_BROKERS: 'kafka-1:9094,kafka-2:9094',
  KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
  KAFKA_SSL_CA_FILE: ca,
  KAFKA_SASL_USERNAME: 'authorization-routing',
  KAFKA_SASL_PASSWORD_FILE: passwordFile,
};

describe('kafkaConnectionOptions', () => {
  it('is plaintext with neither TLS nor SASL by default (development)', () => {
    expect(kafkaConnectionOptions(settings({}), 'svc')).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'svc',
    });
  });

  it('turns sasl_ssl into verified TLS with the CA and a SCRAM-SHA-512 login', () => {
    expect(kafkaConnectionOptions(settings(saslSsl), 'svc')).toEqual({
      brokers: ['kafka-1:9094', 'kafka-2:9094'],
      clientId: 'svc',
      ssl: { rejectUnauthorized: true, ca: 'CA PEM' },
      sasl: {
        mechanism: 'scram-sha-512',
        username: 'authorization-routing',
        password: 's3cret-from-file',
      },
    });
  });

  it('adds a client certificate for mutual TLS and trusts the public CAs without a CA file', () => {
    const options = kafkaConnectionOptions(
      settings({
        KAFKA_SECURITY_PROTOCOL: 'ssl',
        KAFKA_SSL_CERT_FILE: cert,
        KAFKA_SSL_KEY_FILE: key,
      }),
      'svc',
    );
    expect(options.ssl).toEqual({ rejectUnauthorized: true, cert: 'CERT PEM', key: 'KEY PEM' });
    expect(options.sasl).toBeUndefined();
  });

  it('takes an inline password and the SHA-256 variant', () => {
    const options = kafkaConnectionOptions(
      settings({
        ...saslSsl,
        KAFKA_SASL_PASSWORD_FILE: '',
        KAFKA_SASL_PASSWORD: 'inline',
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
      }),
      'svc',
    );
    expect(options.sasl).toEqual({
      mechanism: 'scram-sha-256',
      username: 'authorization-routing',
      password: 'inline',
    });
  });

  it.each(['plaintext', 'sasl_plaintext'])(
    'refuses %s with NODE_ENV=production, naming the variable and the opt-out',
    (protocol) => {
      const env = {
        NODE_ENV: 'production',
        KAFKA_SECURITY_PROTOCOL: protocol,
        ...(protocol === 'sasl_plaintext'
          ? { KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }
          : {}),
      };
      const message = failure(env);
      expect(message).toContain('KAFKA_SECURITY_PROTOCOL');
      expect(message).toContain(
        `KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION=${PLAINTEXT_IN_PRODUCTION_OPT_OUT}`,
      );
      // The explicit opt-out lets it start.
      expect(() =>
        kafkaConnectionOptions(
          settings({
            ...env,
            KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION: PLAINTEXT_IN_PRODUCTION_OPT_OUT,
          }),
          'svc',
        ),
      ).not.toThrow();
    },
  );

  it('starts in production over TLS', () => {
    expect(() =>
      kafkaConnectionOptions(settings({ ...saslSsl, NODE_ENV: 'production' }), 'svc'),
    ).not.toThrow();
  });

  it('accepts only the exact opt-out phrase', () => {
    expect(() =>
      z.object(kafkaConnectionShape).parse({ KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION: 'yes' }),
    ).toThrow();
  });

  it('refuses settings that the protocol would silently ignore', () => {
    expect(failure({ KAFKA_SSL_CA_FILE: ca })).toMatch(/KAFKA_SSL_CA_FILE: set, but plaintext/);
    expect(failure({ KAFKA_SECURITY_PROTOCOL: 'ssl', KAFKA_SASL_USERNAME: 'u' })).toMatch(
      /KAFKA_SASL_USERNAME: set, but ssl/,
    );
  });

  it('refuses incomplete SASL and client certificate settings, naming the variable', () => {
    expect(failure({ ...saslSsl, KAFKA_SASL_USERNAME: '' })).toContain('KAFKA_SASL_USERNAME');
    expect(failure({ ...saslSsl, KAFKA_SASL_PASSWORD_FILE: '' })).toContain('KAFKA_SASL_PASSWORD');
    expect(failure({ ...saslSsl, KAFKA_SASL_PASSWORD: 'both' })).toContain('exactly one');
    expect(failure({ ...saslSsl, KAFKA_SSL_CERT_FILE: cert })).toContain('KAFKA_SSL_KEY_FILE');
    expect(failure({ ...saslSsl, KAFKA_SASL_PASSWORD_FILE: file('empty', '\n') })).toContain(
      'KAFKA_SASL_PASSWORD_FILE: the file is empty',
    );
  });

  it('names an unreadable file without its content', () => {
    const message = failure({ ...saslSsl, KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') });
    expect(message).toContain('KAFKA_SSL_CA_FILE');
    expect(message).toContain('ENOENT');
  });

  it('never puts a password into an error', () => {
    const message = failure({ ...saslSsl, KAFKA_SASL_PASSWORD: 'hunter2-secret' });
    expect(message).not.toContain('hunter2-secret');
  });
});
