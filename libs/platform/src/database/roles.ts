import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';

/** The two PostgreSQL roles of one service in one database. */
export interface ServiceRoles {
  /** Owns the schema and its objects; runs the migrations. */
  readonly owner: string;
  /** The service's pool: DML on its own schema only, insert-only on the audit tables. */
  readonly app: string;
}

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
/** PostgreSQL truncates identifiers to 63 bytes; `_owner` is the longest suffix. */
const MAX_PREFIX = 63 - '_owner'.length;

/**
 * Role names are cluster-wide while schemas are per database, and several databases share a
 * server (tests, benchmarks, other checkouts): the names carry the database, so provisioning one
 * database never changes the roles another one uses. `prefix` overrides the derived part.
 */
export function serviceRoles(database: string, schema: string, prefix?: string): ServiceRoles {
  if (!IDENTIFIER.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  let base = prefix ?? `cf_${database.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  base = `${base}_${schema}`;
  const derivedClean = prefix !== undefined || /^[a-z0-9_]+$/.test(database);
  if (base.length > MAX_PREFIX || !derivedClean) {
    // Long or non-identifier database names: a short digest keeps distinct databases distinct.
    const digest = createHash('sha256').update(`${database}\0${schema}`).digest('hex').slice(0, 10);
    base = `cf_${digest}_${schema}`.slice(0, MAX_PREFIX);
  }
  if (!IDENTIFIER.test(`${base}_owner`)) throw new Error('invalid database role prefix');
  return { owner: `${base}_owner`, app: `${base}_app` };
}

/** Tables the application role may read and append to, never change: see `grantApplicationRole`. */
export const INSERT_ONLY_TABLES: Readonly<Record<string, readonly string[]>> = {
  audit_log: [
    'actor_id',
    'actor_roles',
    'action',
    'resource_type',
    'resource_id',
    'member_id',
    'outcome',
    'client_ip',
    'user_agent',
    'request_id',
  ],
};
/** Tables the application role gets nothing on (written by SECURITY DEFINER triggers, or migrations). */
export const PRIVATE_TABLES: readonly string[] = ['audit_chain_head'];

/**
 * Tables the application role reads and never writes: the migrations ledger, so that a pod that
 * holds only the application role can check no migration is pending (DATABASE_MIGRATIONS=verify).
 */
export const READ_ONLY_TABLES: readonly string[] = ['migrations'];

export interface RolePasswords {
  readonly owner?: string | undefined;
  readonly app?: string | undefined;
}

/**
 * Creates (or brings back to the intended attributes) a service's owner and application roles and
 * hands the schema and everything in it to the owner. Idempotent; serialised with a
 * transaction-scoped advisory lock per database, and tolerant of another database's provisioning
 * creating a role at the same moment. Runs as a role that may create roles (superuser or CREATEROLE).
 */
export async function provisionServiceRoles(
  runner: QueryRunner,
  database: string,
  schema: string,
  roles: ServiceRoles,
  passwords: RolePasswords = {},
): Promise<void> {
  const [me] = (await runner.query(
    `SELECT rolsuper OR rolcreaterole AS can FROM pg_roles WHERE rolname = current_user`,
  )) as { can: boolean }[];
  if (!me?.can)
    throw new Error('provisioning database roles needs a superuser or CREATEROLE login');
  await runner.startTransaction();
  try {
    // One provisioning at a time in a database: services starting together would otherwise
    // update the same catalog rows (the database's ACL) at once and fail.
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('careflow:roles'))`);
    for (const [role, password] of [
      [roles.owner, passwords.owner],
      [roles.app, passwords.app],
    ] as const) {
      await ensureLoginRole(runner, role, password);
    }
    const o = quoteIdent(roles.owner);
    const a = quoteIdent(roles.app);
    const s = quoteIdent(schema);
    const canConnect = (await runner.query(
      `SELECT has_database_privilege($1, current_database(), 'CONNECT')
          AND has_database_privilege($2, current_database(), 'CONNECT') AS ok`,
      [roles.owner, roles.app],
    )) as { ok: boolean }[];
    if (!canConnect[0]?.ok) {
      await runner.query(`GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${o}, ${a}`);
    }
    const exists = (await runner.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [
      schema,
    ])) as unknown[];
    await runner.query(
      exists.length === 0
        ? `CREATE SCHEMA ${s} AUTHORIZATION ${o}`
        : `ALTER SCHEMA ${s} OWNER TO ${o}`,
    );
    await transferOwnership(runner, schema, roles.owner);
    await runner.query(`REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`);
    await runner.query(`REVOKE CREATE ON SCHEMA ${s} FROM ${a}`);
    await runner.query(`GRANT USAGE ON SCHEMA ${s} TO ${a}`);
    // Tables later migrations create get the application role's DML at once; the audit migration
    // takes UPDATE and DELETE back from its tables.
    await runner.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${a}`,
    );
    await runner.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${a}`,
    );
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

/**
 * The application role's privileges on what the migrations created: DML on the service's tables,
 * SELECT and column-listed INSERT on the insert-only ones, nothing on the private ones. Run by the
 * owner (or an admin) after the migrations.
 */
export async function grantApplicationRole(
  runner: QueryRunner,
  schema: string,
  app: string,
): Promise<void> {
  const a = quoteIdent(app);
  const tables = (await runner.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')`,
    [schema],
  )) as { name: string }[];
  for (const { name } of tables) {
    const t = `${quoteIdent(schema)}.${quoteIdent(name)}`;
    await runner.query(`REVOKE ALL ON ${t} FROM ${a}`);
    const columns = INSERT_ONLY_TABLES[name];
    if (columns) {
      await runner.query(`GRANT SELECT ON ${t} TO ${a}`);
      await runner.query(`GRANT INSERT (${columns.map(quoteIdent).join(', ')}) ON ${t} TO ${a}`);
    } else if (READ_ONLY_TABLES.includes(name)) {
      await runner.query(`GRANT SELECT ON ${t} TO ${a}`);
    } else if (!PRIVATE_TABLES.includes(name)) {
      await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO ${a}`);
    }
  }
  await runner.query(
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${quoteIdent(schema)} TO ${a}`,
  );
}

async function ensureLoginRole(
  runner: QueryRunner,
  role: string,
  password: string | undefined,
): Promise<void> {
  const r = quoteIdent(role);
  const found = (await runner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [
    role,
  ])) as unknown[];
  if (found.length === 0) {
    // Another database's provisioning may create a role of the same name between the check and
    // here only if both derive the same name, which the digest in `serviceRoles` rules out; a
    // savepoint keeps the transaction usable if it happens anyway.
    await runner.query(`SAVEPOINT create_role`);
    try {
      await runner.query(`CREATE ROLE ${r} LOGIN`);
      await runner.query(`RELEASE SAVEPOINT create_role`);
    } catch (error) {
      if ((error as { code?: unknown }).code !== '42710') throw error;
      await runner.query(`ROLLBACK TO SAVEPOINT create_role`);
    }
  }
  await runner.query(
    `ALTER ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT`,
  );
  if (password !== undefined) {
    // The password travels as a parameter, never in a statement's text (logs, pg_stat_activity).
    await runner.query(`SELECT set_config('careflow.role_password', $1, true)`, [password]);
    await runner.query(
      `DO $$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', ${quoteLiteral(role)}, current_setting('careflow.role_password')); END $$`,
    );
    await runner.query(`SELECT set_config('careflow.role_password', '', true)`);
  }
}

/** Everything in the schema made by another role (a migration run as a superuser) goes to the owner. */
async function transferOwnership(
  runner: QueryRunner,
  schema: string,
  owner: string,
): Promise<void> {
  const o = quoteIdent(owner);
  const relations = (await runner.query(
    `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
        AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
    [schema, owner],
  )) as { name: string; kind: string }[];
  for (const { name } of relations) {
    // ALTER TABLE also moves the table's indexes and the sequences its columns own.
    await runner.query(`ALTER TABLE ${quoteIdent(schema)}.${quoteIdent(name)} OWNER TO ${o}`);
  }
  const sequences = (await runner.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'S' AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)`,
    [schema, owner],
  )) as { name: string }[];
  for (const { name } of sequences) {
    await runner.query(`ALTER SEQUENCE ${quoteIdent(schema)}.${quoteIdent(name)} OWNER TO ${o}`);
  }
  const functions = (await runner.query(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)`,
    [schema, owner],
  )) as { signature: string }[];
  for (const { signature } of functions) {
    // regprocedure text is already quoted and schema-qualified where needed.
    await runner.query(`ALTER FUNCTION ${signature} OWNER TO ${o}`);
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
