import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { z } from 'zod';

/** The opt-out value that lets a production process talk to Kafka without TLS. */
export const PLAINTEXT_IN_PRODUCTION_OPT_OUT = 'i-understand-phi-travels-unencrypted';

const brokerList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).min(1));

const filePath = z.string().min(1);

/**
 * How every Kafka client of the project reaches the broker: the bootstrap list, transport
 * encryption and authentication. Services read it through `commonConfigShape`; tools, benchmarks
 * and test harnesses through `kafkaConnectionFromEnv` of @careflow/platform.
 */
export const kafkaConnectionShape = {
  KAFKA_BROKERS: brokerList
    .default(['127.0.0.1:9092'])
    .describe('Comma-separated Kafka bootstrap brokers, host:port.'),
  KAFKA_SECURITY_PROTOCOL: z
    .enum(['plaintext', 'ssl', 'sasl_plaintext', 'sasl_ssl'])
    .default('plaintext')
    .describe(
      "Transport to the brokers, as Kafka's security.protocol: plaintext (development only), ssl (TLS), sasl_plaintext, sasl_ssl (TLS + SCRAM login; production). With NODE_ENV=production only ssl and sasl_ssl start.",
    ),
  KAFKA_SSL_CA_FILE: filePath
    .optional()
    .describe(
      "PEM file of the CA(s) that sign the brokers' certificates; unset: Node's bundled public CAs.",
    ),
  KAFKA_SSL_CERT_FILE: filePath
    .optional()
    .describe('PEM client certificate for mutual TLS (with KAFKA_SSL_KEY_FILE); unset: none.'),
  KAFKA_SSL_KEY_FILE: filePath.optional().describe('PEM private key of KAFKA_SSL_CERT_FILE.'),
  KAFKA_SASL_MECHANISM: z
    .enum(['scram-sha-512', 'scram-sha-256'])
    .default('scram-sha-512')
    .describe('SASL mechanism for sasl_ssl / sasl_plaintext (PLAIN is not offered on purpose).'),
  KAFKA_SASL_USERNAME: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('SASL principal, e.g. the service name (required for sasl_*).'),
  KAFKA_SASL_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .describe('SASL password; prefer KAFKA_SASL_PASSWORD_FILE (set exactly one of the two).'),
  KAFKA_SASL_PASSWORD_FILE: filePath
    .optional()
    .describe('File whose content (trailing newline removed) is the SASL password.'),
  KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION: z
    .literal(PLAINTEXT_IN_PRODUCTION_OPT_OUT)
    .optional()
    .describe(
      `Set to "${PLAINTEXT_IN_PRODUCTION_OPT_OUT}" to let NODE_ENV=production run over plaintext or sasl_plaintext (PHI and passwords then cross the network readable). Unset: such a process refuses to start.`,
    ),
};

export type KafkaConnectionSettings = z.output<z.ZodObject<typeof kafkaConnectionShape>> & {
  /** `production` turns the refusal of unencrypted transports on. */
  readonly NODE_ENV?: string;
};

/** kafkajs client options derived from the settings (brokers, TLS, SASL). */
export interface KafkaConnectionOptions {
  /** `host:port` list. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: ConnectionOptions;
  readonly sasl?: KafkaScramLogin;
}

/** A SCRAM login (kafkajs' `sasl` option). */
export type KafkaScramLogin = Extract<
  SASLOptions,
  { mechanism: 'scram-sha-512' | 'scram-sha-256' }
>;

/** A Kafka setting that is wrong or unsafe; the message names the variable, never a secret. */
export class KafkaSettingsError extends Error {
  override readonly name = 'ConfigError';
}

function readSetting(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new KafkaSettingsError(
      `Invalid configuration:\n  ${variable}: cannot read ${path} (${code})`,
    );
  }
}

function check(condition: boolean, variable: string, message: string): void {
  if (!condition) throw new KafkaSettingsError(`Invalid configuration:\n  ${variable}: ${message}`);
}

/**
 * The one place where Kafka connection settings become kafkajs options: checks that they are
 * consistent and safe for NODE_ENV, and reads the certificate, key and password files.
 */
export function kafkaConnectionOptions(
  settings: KafkaConnectionSettings,
  clientId: string,
): KafkaConnectionOptions {
  const protocol = settings.KAFKA_SECURITY_PROTOCOL;
  const tls = protocol === 'ssl' || protocol === 'sasl_ssl';
  const sasl = protocol === 'sasl_ssl' || protocol === 'sasl_plaintext';
  check(
    settings.NODE_ENV !== 'production' ||
      tls ||
      settings.KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION === PLAINTEXT_IN_PRODUCTION_OPT_OUT,
    'KAFKA_SECURITY_PROTOCOL',
    `${protocol} sends PHI unencrypted and is refused with NODE_ENV=production; use ssl or sasl_ssl (or set KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION=${PLAINTEXT_IN_PRODUCTION_OPT_OUT})`,
  );
  // Settings that would be silently ignored are mistakes: say so instead.
  const unused = [
    ...(tls ? [] : (['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const)),
    ...(sasl
      ? []
      : (['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const)),
  ];
  for (const variable of unused)
    check(settings[variable] === undefined, variable, `set, but ${protocol} does not use it`);
  check(
    (settings.KAFKA_SSL_CERT_FILE === undefined) === (settings.KAFKA_SSL_KEY_FILE === undefined),
    settings.KAFKA_SSL_CERT_FILE === undefined ? 'KAFKA_SSL_CERT_FILE' : 'KAFKA_SSL_KEY_FILE',
    'a client certificate needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
  );

  const options: { ssl?: ConnectionOptions; sasl?: KafkaScramLogin } = {};
  if (tls) {
    options.ssl = {
      rejectUnauthorized: true,
      ...(settings.KAFKA_SSL_CA_FILE !== undefined
        ? { ca: readSetting('KAFKA_SSL_CA_FILE', settings.KAFKA_SSL_CA_FILE) }
        : {}),
      ...(settings.KAFKA_SSL_CERT_FILE !== undefined && settings.KAFKA_SSL_KEY_FILE !== undefined
        ? {
            cert: readSetting('KAFKA_SSL_CERT_FILE', settings.KAFKA_SSL_CERT_FILE),
            key: readSetting('KAFKA_SSL_KEY_FILE', settings.KAFKA_SSL_KEY_FILE),
          }
        : {}),
    };
  }
  if (sasl) {
    const username = settings.KAFKA_SASL_USERNAME;
    check(username !== undefined, 'KAFKA_SASL_USERNAME', `required with ${protocol}`);
    const inline = settings.KAFKA_SASL_PASSWORD;
    const file = settings.KAFKA_SASL_PASSWORD_FILE;
    check(
      (inline === undefined) !== (file === undefined),
      'KAFKA_SASL_PASSWORD',
      `set exactly one of KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE with ${protocol}`,
    );
    const password =
      inline ?? readSetting('KAFKA_SASL_PASSWORD_FILE', file ?? '').replace(/\r?\n$/, '');
    check(password.length > 0, 'KAFKA_SASL_PASSWORD_FILE', 'the file is empty');
    options.sasl = { mechanism: settings.KAFKA_SASL_MECHANISM, username: username ?? '', password };
  }
  return { brokers: settings.KAFKA_BROKERS, clientId, ...options };
}

const environmentShape = z.object({
  ...kafkaConnectionShape,
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
});

/**
 * Kafka client options for a tool, benchmark or test harness, from the same validated variables
 * the services read (KAFKA_BROKERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*), so that
 * every client of the project reaches a TLS/SCRAM broker the same way.
 */
export function kafkaConnectionFromEnv(
  clientId: string,
  env: Record<string, string | undefined> = process.env,
): KafkaConnectionOptions {
  const values = Object.fromEntries(
    Object.keys(environmentShape.shape).map((name) => [
      name,
      env[name] === '' ? undefined : env[name],
    ]),
  );
  const parsed = environmentShape.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${String(i.path[0] ?? '(config)')}: ${i.message}`,
    );
    throw new KafkaSettingsError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return kafkaConnectionOptions(parsed.data, clientId);
}
