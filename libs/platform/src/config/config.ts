import { z } from 'zod';
import { isTimeZone } from '@careflow/contracts';
import { authConfigShape } from '../auth/auth-config';
import { ConfigError } from './config-error';

/** One environment variable: its schema carries the default and `.describe()` documents it. */
export type ConfigShape = Record<string, z.ZodType>;
export type ConfigOf<TShape extends ConfigShape> = z.output<z.ZodObject<TShape>>;

export { ConfigError };

/** A comma-separated list, its items trimmed and empty ones dropped. */
export const commaSeparated = z.string().transform((s) =>
  s
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const brokerList = commaSeparated.pipe(
  z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).min(1),
);

export const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Variables every service reads. Each service adds its own (see `services/<name>/src/config.ts`). */
export const commonConfigShape = {
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development')
    .describe('Runtime mode.'),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'])
    .default('info')
    .describe('Lowest log level written.'),
  KAFKA_BROKERS: brokerList
    .default(['127.0.0.1:9092'])
    .describe('Comma-separated Kafka bootstrap brokers, host:port.'),
  KAFKA_PARTITIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(6)
    .describe('Partitions of each topic the platform creates.'),
  KAFKA_PROVISION_TOPICS: booleanFlag
    .default(true)
    .describe('Create missing topics and dead-letter topics at start.'),
  KAFKA_PARTITIONS_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(3)
    .describe('Partitions a consumer handles at once (order holds within each).'),
  KAFKA_CHUNK_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(250)
    .describe('Events handled in one database transaction.'),
  KAFKA_RETRY_INITIAL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60000)
    .default(200)
    .describe('First backoff after a transient handler failure.'),
  KAFKA_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600000)
    .default(15000)
    .describe('Longest backoff between retries of a failing handler.'),
  KAFKA_COMMIT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60000)
    .default(0)
    .describe(
      'How often consumed offsets are committed: 0 after every batch, before the next fetch; above 0 at most this often, off the path from one fetch to the next (a crash re-delivers up to that much, which the inbox drops).',
    ),
  OUTBOX_PUBLISH_AFTER_COMMIT: booleanFlag
    .default(false)
    .describe(
      "Send a transaction's events straight after its commit instead of through the relay's read-back: one step less per event. A member's order then holds within one instance only, so leave it off where several instances may write one member's events at the same time.",
    ),
  INBOX_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .default(360)
    .describe(
      "How long the ids of handled events are kept to drop redeliveries; older ids are deleted. Keep it above the consumed topics' retention plus the age of their oldest segment (7 days each with the platform's broker settings), or a replay from the earliest offset applies older events twice.",
    ),
  INBOX_PRUNE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(24 * 3_600_000)
    .default(3_600_000)
    .describe('How often expired inbox ids are deleted.'),
  OUTBOX_POLL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(60000)
    .default(500)
    .describe('How often the outbox relay looks for rows left by a crashed process.'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/careflow')
    .describe('PostgreSQL connection URL; each service uses its own schema in it.'),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(120_000)
    .describe('How long a starting service waits for an unavailable database before it gives up.'),
  KAFKA_CONSUMER_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, dot, dash, underscore')
    .optional()
    .describe(
      'Consumer group id; default the service name. A topic the service reads on a consumer of its own is in the group `<this>.<consumer>`. Separate environments sharing a broker need distinct groups.',
    ),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(2)
    .max(100)
    .default(10)
    .describe('Connections in the pool.'),
  DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400_000)
    .default(0)
    .describe(
      'How long an idle pooled connection stays open (0: until the service stops). Closing idle connections makes the next busy moment open new ones, each a new database backend with cold caches; set it where connections are scarce.',
    ),
  PLAN_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as America/Detroit')
    .default('America/Detroit')
    .describe(
      'The health plan\'s time zone: what "today" is, when calendar-day deadlines end and where look-back windows start, in every service.',
    ),
  ...authConfigShape,
};

/**
 * Validates the environment against a service's shape. A wrong or missing value stops the
 * service with a message that names every variable at fault.
 */
export function loadConfig<TShape extends ConfigShape>(
  shape: TShape,
  env: Record<string, string | undefined> = process.env,
): ConfigOf<TShape> {
  const values: Record<string, string | undefined> = {};
  for (const name of Object.keys(shape)) {
    const raw = env[name];
    values[name] = raw === '' ? undefined : raw;
  }
  const result = z.object(shape).safeParse(values);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(config)');
      const received =
        issue.code === 'invalid_type' && values[variable] === undefined ? ' (not set)' : '';
      return `  ${variable}${received}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** A markdown table of a shape's variables, defaults and descriptions (for READMEs). */
export function describeConfig(shape: ConfigShape): string {
  const rows = Object.entries(shape).map(([name, schema]) => {
    const parsed = schema.safeParse(undefined);
    const fallback = parsed.success ? `\`${JSON.stringify(parsed.data)}\`` : '(required)';
    return `| \`${name}\` | ${fallback} | ${schema.description ?? ''} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
