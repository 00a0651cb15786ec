import {
  DataSource,
  type DataSourceOptions,
  type MixedList,
  type EntitySchema,
  type QueryRunner,
} from 'typeorm';
import { MessagingTables1732000000000 } from '@careflow/messaging';
import { AuditLogTable1732000000001 } from '../audit/audit-log.migration';
import { AuditChain1796600000000 } from '../audit/audit-chain.migration';
import { AuditChainPerStatement1797400000000 } from '../audit/audit-chain-per-statement.migration';
import { JobQueueTables1797200000000 } from '../jobs/job-queue.migration';
import { TableMaintenanceQueue1797500000000 } from './table-maintenance.migration';
import { ParameterFreeQueryLogger, type QueryErrorSink } from './query-logger';

export interface ServiceDatabaseOptions {
  readonly url: string;
  /** The service's own schema: its tables, migrations table, inbox and outbox live there. */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities?: MixedList<Function | string | EntitySchema>;
  /** The service's migrations; the shared inbox/outbox and audit tables are added in front. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: Function[];
  readonly poolSize: number;
  /**
   * How long an idle connection stays open; 0 keeps it (default). node-postgres closes idle
   * connections after 10 s otherwise, and a service whose load comes and goes then opens new ones
   * again and again: a forked backend with cold caches, paid by the request that waits for it.
   */
  readonly poolIdleTimeoutMs?: number;
  /** Where failed queries are reported (never with their parameters); stdout JSON by default. */
  readonly queryLogger?: QueryErrorSink;
}

const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * TypeORM options for a service: its schema first on the search path (so raw SQL and entities
 * agree), migrations only — never `synchronize`.
 */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: [
      MessagingTables1732000000000,
      AuditLogTable1732000000001,
      AuditChain1796600000000,
      JobQueueTables1797200000000,
      AuditChainPerStatement1797400000000,
      TableMaintenanceQueue1797500000000,
      ...options.migrations,
    ],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Failed queries only, and never with their parameters (PHI): see ParameterFreeQueryLogger.
    logging: ['error'],
    logger: new ParameterFreeQueryLogger(options.queryLogger),
    extra: {
      max: options.poolSize,
      idleTimeoutMillis: options.poolIdleTimeoutMs ?? 0,
      // JIT off: the services' statements are short (a chunk's reads and writes), and where the
      // planner over-estimates one (no statistics yet) JIT compiled for 180 ms to run 6 ms of work
      // (eligibility's chunk read, issue #29). The jit setting is PostgreSQL's per-session one.
      options: `-c search_path=${options.schema},public -c jit=off`,
      connectionTimeoutMillis: 5000,
      // node-postgres pipeline mode: a statement written while an earlier one of the same
      // connection awaits its answer goes out at once instead of after that answer. Code that
      // awaits each statement is unchanged; the backbone's transactions write BEGIN with their
      // first statement and COMMIT with their last (inPipelinedTransaction), two round trips fewer.
      // Cursors and streams are refused in this mode (none is used).
      pipeline: true,
    },
  };
}

/**
 * Creates the schema and runs pending migrations under an advisory lock, so several instances of
 * a service starting together migrate once.
 */
export async function migrateServiceSchema(
  dataSource: DataSource,
  schema: string,
  /** Runs after the migrations under the same lock (the application role's grants). */
  afterMigrations?: (runner: QueryRunner) => Promise<void>,
): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`migrations:${schema}`]);
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema
    // exists, which an owner role provisioned ahead of time does not have.
    const found = (await runner.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [
      schema,
    ])) as unknown[];
    if (found.length === 0) await runner.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
    await afterMigrations?.(runner);
  } finally {
    await runner
      .query(`SELECT pg_advisory_unlock(hashtext($1))`, [`migrations:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}

/**
 * How many of the service's migrations have not run, read without DDL (the application role may
 * not create the migrations table): all of them when the schema or its table is missing.
 */
export async function pendingMigrations(dataSource: DataSource, schema: string): Promise<number> {
  const known = dataSource.migrations.length;
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [found] = await dataSource.query<{ oid: string | null }[]>(
    `SELECT to_regclass($1) AS oid`,
    [`"${schema}"."${table}"`],
  );
  if (!found?.oid) return known;
  const rows = await dataSource.query<{ name: string }[]>(
    `SELECT name FROM "${schema}"."${table}"`,
  );
  const ran = new Set(rows.map((row) => row.name));
  return dataSource.migrations.filter(
    (migration) => !ran.has(migration.name || migration.constructor.name),
  ).length;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '28000',
]);

/**
 * Whether an error means the database cannot be reached right now (refused, restarting, out of
 * connections, login refused during maintenance) rather than that the query is wrong.
 */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08')))
    return true;
  // TypeORM releases a query runner whose connection errored (terminated by the server, network
  // gone): the next query on it throws this. The transaction died with the connection.
  if ((error as { name?: unknown }).name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  const driverError = (error as { driverError?: unknown }).driverError;
  if (driverError !== undefined && driverError !== error && isUnavailable(driverError)) return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|ECONNREFUSED|not permitted to log in/i.test(
      message,
    )
  );
}
