import { DataSource } from 'typeorm';
import {
  isUnavailable,
  migrateServiceSchema,
  pendingMigrations,
  serviceDataSourceOptions,
  type ServiceDatabaseOptions,
} from './data-source';
import { ParameterFreeQueryLogger } from './query-logger';
import {
  grantApplicationRole,
  provisionServiceRoles,
  serviceRoles,
  type RolePasswords,
} from './roles';

/**
 * How a service logs in. `given`: `url` is the application role and `migrationUrl` (default
 * `url`) the schema owner, both made beforehand (`npm run db:roles`). `provision`: `url` logs in as
 * a role that may create roles, used only to create the service's owner and application roles
 * (`serviceRoles`) at start; the migrations then log in as the owner and the pool as the
 * application role, at `url`'s server and database. `auto`: `provision` when `url`'s role may
 * create roles (a development or test server), else `given`.
 */
export interface ServiceRoleOptions {
  readonly roles?: 'auto' | 'provision' | 'given';
  readonly migrationUrl?: string | undefined;
  readonly rolePrefix?: string | undefined;
  readonly passwords?: RolePasswords;
  /** `run` (default) applies pending migrations; `verify` refuses to start while any is pending. */
  readonly migrationMode?: 'run' | 'verify';
  /**
   * Told the schema owner's login once the database is open (undefined with `verify`: the pool
   * holds only the application role), for the work only the owner may do (`maintainTables`).
   */
  readonly onOwnerLogin?: (url: string | undefined) => void;
}

type OpenOptions = ServiceDatabaseOptions & ServiceRoleOptions;

/** The role options of a service's configuration (`commonConfigShape`). */
export function serviceRoleOptionsOf(config: {
  DATABASE_ROLES: 'auto' | 'provision' | 'given';
  DATABASE_MIGRATIONS?: 'run' | 'verify';
  DATABASE_MIGRATION_URL?: string | undefined;
  DATABASE_ROLE_PREFIX?: string | undefined;
  DATABASE_OWNER_PASSWORD?: string | undefined;
  DATABASE_APP_PASSWORD?: string | undefined;
}): ServiceRoleOptions {
  return {
    roles: config.DATABASE_ROLES,
    migrationMode: config.DATABASE_MIGRATIONS ?? 'run',
    migrationUrl: config.DATABASE_MIGRATION_URL,
    rolePrefix: config.DATABASE_ROLE_PREFIX,
    passwords: { owner: config.DATABASE_OWNER_PASSWORD, app: config.DATABASE_APP_PASSWORD },
  };
}

/**
 * A connected, migrated DataSource for a service, in its application role. A database that is
 * down at start (a restart during an outage) is waited for up to `connectTimeoutMs`, so a
 * supervisor need not loop.
 */
export async function openServiceDatabase(
  options: OpenOptions & { connectTimeoutMs?: number; onRetry?: (error: unknown) => void },
): Promise<DataSource> {
  const deadline = Date.now() + (options.connectTimeoutMs ?? 120_000);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connectServiceRoles(options);
    } catch (error) {
      if (!isUnavailable(error) || Date.now() > deadline) throw error;
      options.onRetry?.(error);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(5000, 250 * 2 ** Math.min(attempt, 5))),
      );
    }
  }
}

/** One attempt: roles (when provisioning), migrations as the owner, the pool as the application role. */
export async function connectServiceRoles(options: OpenOptions): Promise<DataSource> {
  if (options.migrationMode === 'verify') {
    const app = await verifiedApplicationPool(options);
    options.onOwnerLogin?.(undefined);
    return app;
  }
  const mode = options.roles ?? 'given';
  const admin = mode === 'given' ? undefined : await adminConnection(options.url, options);
  let appUrl = options.url;
  let migrationUrl = options.migrationUrl ?? options.url;
  if (admin) {
    const database = databaseOf(options.url);
    const roles = serviceRoles(database, options.schema, options.rolePrefix);
    // The admin login serves only this: it is closed before the migrations start.
    const runner = admin.createQueryRunner();
    try {
      await provisionServiceRoles(runner, database, options.schema, roles, options.passwords);
    } finally {
      await runner.release();
      await admin.destroy();
    }
    appUrl = withLogin(options.url, roles.app, options.passwords?.app);
    migrationUrl = withLogin(options.url, roles.owner, options.passwords?.owner);
  }
  if (migrationUrl !== appUrl) {
    const owner = await initialized({ ...options, url: migrationUrl, poolSize: 2 });
    try {
      // Under the migrations' lock: instances starting together never grant at the same time
      // (concurrent GRANTs on one table fail with "tuple concurrently updated").
      await migrateServiceSchema(owner, options.schema, (runner) =>
        grantApplicationRole(runner, options.schema, userOf(appUrl)),
      );
    } finally {
      await owner.destroy();
    }
  }
  const app = await initialized({ ...options, url: appUrl });
  if (migrationUrl === appUrl) {
    try {
      await migrateServiceSchema(app, options.schema);
    } catch (error) {
      await app.destroy().catch(() => undefined);
      throw error;
    }
  }
  options.onOwnerLogin?.(migrationUrl);
  return app;
}

/**
 * The application pool only, after checking that no migration is pending: the migrations ran as a
 * separate step with the owner role (a Kubernetes Job before the rollout). A pending migration
 * stops the start with a message that says what to run, instead of a permission error from DDL.
 */
async function verifiedApplicationPool(options: OpenOptions): Promise<DataSource> {
  const app = await initialized(options);
  try {
    const pending = await pendingMigrations(app, options.schema);
    if (pending > 0)
      throw new Error(
        `${pending} migration(s) of schema ${options.schema} are pending and DATABASE_MIGRATIONS=verify: ` +
          'run the migrate command with the owner role (the migration Job) before this version starts',
      );
    return app;
  } catch (error) {
    await app.destroy().catch(() => undefined);
    throw error;
  }
}

async function initialized(options: ServiceDatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  try {
    return await dataSource.initialize();
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/**
 * The admin login for `provision` and `auto`: undefined in `auto` mode when the role cannot
 * create roles (then `url` is the application role itself).
 */
async function adminConnection(url: string, options: OpenOptions): Promise<DataSource | undefined> {
  const admin = new DataSource({
    type: 'postgres',
    url,
    logging: ['error'],
    logger: new ParameterFreeQueryLogger(options.queryLogger),
    extra: { max: 1, connectionTimeoutMillis: 5000 },
  });
  await admin.initialize();
  const [row] = await admin.query<{ can: boolean }[]>(
    `SELECT rolsuper OR rolcreaterole AS can FROM pg_roles WHERE rolname = current_user`,
  );
  if (row?.can) return admin;
  await admin.destroy();
  if (options.roles === 'provision') {
    throw new Error(
      'DATABASE_ROLES=provision: the DATABASE_URL login may not create roles (needs superuser or CREATEROLE)',
    );
  }
  return undefined;
}

/** The database a URL names (libpq's default: the user's name). */
export function databaseOf(url: string): string {
  const parsed = new URL(url);
  return decodeURIComponent(parsed.pathname.replace(/^\//, '')) || userOf(url);
}

function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username) || 'postgres';
}

/** `url` with another login; the server, database and parameters stay. */
export function withLogin(url: string, user: string, password: string | undefined): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = password === undefined ? '' : encodeURIComponent(password);
  return parsed.toString();
}
