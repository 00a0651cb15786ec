import { z } from 'zod';
import { isTimeZone } from '@careflow/contracts';
import { authConfigShape } from '../auth/auth-config';
import { ConfigError } from './config-error';
import { kafkaConnectionShape } from '@careflow/messaging';

/** One environment variable: its schema carries the default and `.describe()` documents it. */
export type ConfigShape = Record<string, z.ZodType>;
export type ConfigOf<TShape extends ConfigShape> = z.output<z.ZodObject<TShape>>;

export { ConfigError };

const PROXY_NAME = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
/** Express's `trust proxy`: false, a hop count, or the addresses to trust. */
const trustProxy = z
  .string()
  .transform((s): false | number | string[] =>
    s === 'false'
      ? false
      : /^\d+$/.test(s)
        ? Number(s)
        : s
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
  )
  .refine(
    (v) =>
      v === false || typeof v === 'number' || (v.length > 0 && v.every((p) => PROXY_NAME.test(p))),
    'false, a hop count, or addresses/CIDRs/loopback/linklocal/uniquelocal',
  );

const replicaCount = z.coerce.number().int().min(1).max(16).default(1);

/** A comma-separated list, its items trimmed and empty ones dropped. */
export const commaSeparated = z.string().transform((s) =>
  s
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
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
  // KAFKA_BROKERS, TLS and SASL: the messaging library turns them into client options.
  ...kafkaConnectionShape,
  KAFKA_PARTITIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(6)
    .describe('Partitions of each topic the platform creates.'),
  KAFKA_REPLICATION_FACTOR: replicaCount.describe(
    'Copies of each partition of the topics the platform creates: 1 suits the one development broker; 3 in production.',
  ),
  KAFKA_MIN_INSYNC_REPLICAS: replicaCount.describe(
    'min.insync.replicas of the topics the platform creates: replicas that must hold a send before it is acknowledged (at most KAFKA_REPLICATION_FACTOR; 2 with 3 replicas in production).',
  ),
  KAFKA_PROVISION_TOPICS: booleanFlag
    .default(true)
    .describe('Create missing topics and dead-letter topics at start.'),
  KAFKA_PARTITIONS_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(3)
    .describe(
      "Partitions' chunks a consumer has in transactions at once: the running transactions hold at most this many times KAFKA_CHUNK_SIZE events. Every partition of a fetch is handed in together (order holds within each), and the chunks of a topic that wait share its next transaction.",
    ),
  KAFKA_CHUNK_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(250)
    .describe('Events handled in one database transaction.'),
  KAFKA_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(65536)
    .max(104857600)
    .default(10485760)
    .describe(
      "Most bytes a consumer's fetch answers with, all partitions together (kafkajs maxBytes; each partition at most 1 MiB of it): a fetch's records are decoded and held until handled, so this bounds what a consumer holds in memory at once. kafkajs' default 10 MiB; case-management sets its own.",
    ),
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
  JOBS_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(60_000)
    .default(2000)
    .describe(
      'How often an idle job worker looks for due jobs in the job queue (a job triggered in this instance starts at once).',
    ),
  JOBS_MAINTENANCE_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe(
      'How often the job queue fails runs past their expiry (a worker that died) so they are retried, and archives finished jobs.',
    ),
  DATABASE_MAINTENANCE: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe(
      "VACUUM and ANALYZE of the service's own tables by the service, at autovacuum's default thresholds, as the schema's owner role. auto: only when the server's autovacuum is off (without ANALYZE the planner has no statistics and chooses sequential scans as tables grow); on: always; off: never. Needs the owner's login (not with DATABASE_MIGRATIONS=verify).",
    ),
  DATABASE_MAINTENANCE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(5000)
    .max(24 * 3_600_000)
    .default(60_000)
    .describe(
      'How often the tables due a VACUUM or an ANALYZE are looked for (DATABASE_MAINTENANCE).',
    ),
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
  DATABASE_ROLES: z
    .enum(['auto', 'provision', 'given'])
    .default('auto')
    .describe(
      "How the service logs in. given: DATABASE_URL is its application role (DML on its schema only) and DATABASE_MIGRATION_URL its schema's owner, both made beforehand (npm run db:roles). provision: DATABASE_URL may create roles and is used only to create the service's own owner and application roles at start (idempotent), then the migrations log in as the owner and the pool as the application role. auto: provision when DATABASE_URL's login may create roles (a development or test server), else given.",
    ),
  DATABASE_MIGRATIONS: z
    .enum(['run', 'verify'])
    .default('run')
    .describe(
      "What the service does with its schema's migrations at start. run: applies the pending ones (as DATABASE_MIGRATION_URL's owner role, or DATABASE_URL's). verify: applies none and refuses to start while any is pending, naming the count (a deployment whose pods hold only the application role and run migrations as a separate step before the rollout, as the Kubernetes manifests do). The migrate command always runs them.",
    ),
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional()
    .describe(
      "With DATABASE_ROLES=given: the schema owner's URL; migrations run with it before the application pool opens. Default DATABASE_URL (one role for both: development only).",
    ),
  DATABASE_ROLE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, 'lower-case letters, digits, underscore; at most 31')
    .optional()
    .describe(
      'Start of the provisioned role names (<prefix>_<schema>_owner, <prefix>_<schema>_app). Default cf_<database>, so databases sharing a server never share roles.',
    ),
  DATABASE_OWNER_PASSWORD: z
    .string()
    .min(16, 'at least 16 characters')
    .optional()
    .describe(
      "With DATABASE_ROLES=provision: the owner role's password, set at start and used to log in (unset: no password, for trust or peer authentication).",
    ),
  DATABASE_APP_PASSWORD: z
    .string()
    .min(16, 'at least 16 characters')
    .optional()
    .describe(
      "With DATABASE_ROLES=provision: the application role's password, set at start and used to log in (unset: no password).",
    ),
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
  HTTP_TRUST_PROXY: trustProxy
    .default(['loopback'])
    .describe(
      "Which proxies' X-Forwarded-For is believed for the client address (audit entries, rate limits): false, a hop count, or a comma-separated list of addresses, CIDRs and the names loopback, linklocal, uniquelocal.",
    ),
  HTTP_DOCS: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe(
      'OpenAPI at /docs and /docs/openapi.json: auto serves them except under NODE_ENV=production.',
    ),
  HTTP_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(6000)
    .describe(
      'Requests one principal (token subject; the client address for public routes) may make per HTTP_RATE_WINDOW_MS; more answer 429. 0 turns the limit off. Health endpoints are exempt.',
    ),
  HTTP_RATE_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(3_600_000)
    .default(60_000)
    .describe('The window of HTTP_RATE_LIMIT.'),
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
