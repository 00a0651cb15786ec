import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { serviceRoles } from '@careflow/platform';

const run = promisify(execFile);

/** The repository root (from chaos/src/env.ts or chaos/dist/src/env.js). */
export const REPO_ROOT = [
  resolve(__dirname, '..', '..'),
  resolve(__dirname, '..', '..', '..'),
].find((dir) => existsSync(join(dir, 'infra', 'kafka', 'kafka.sh')))!;

/**
 * Everything a run owns: its own Kafka broker (so a broker restart and the services' consumer
 * groups never touch `npm start` or `npm test`), its own database and database role, its own ports.
 */
export interface Profile {
  readonly name: string;
  readonly kafkaPort: number;
  readonly controllerPort: number;
  readonly database: string;
  readonly role: string;
  /** eligibility = base+1, authorization-routing = base+2, case-management = base+3 (+10, +20 for extra instances), pcp-notification = base+4. */
  readonly basePort: number;
}

export const PROFILES = {
  chaos: {
    name: 'chaos',
    kafkaPort: 19092,
    controllerPort: 19093,
    database: 'careflow_chaos',
    role: 'careflow_chaos_app',
    basePort: 3100,
  },
  'chaos-short': {
    name: 'chaos-short',
    kafkaPort: 29092,
    controllerPort: 29093,
    database: 'careflow_chaos_short',
    role: 'careflow_chaos_short_app',
    basePort: 3200,
  },
  fuzz: {
    name: 'fuzz',
    kafkaPort: 39092,
    controllerPort: 39093,
    database: 'careflow_fuzz',
    role: 'careflow_fuzz_app',
    basePort: 3300,
  },
  'fuzz-short': {
    name: 'fuzz-short',
    kafkaPort: 39192,
    controllerPort: 39193,
    database: 'careflow_fuzz_short',
    role: 'careflow_fuzz_short_app',
    basePort: 3500, // not 3400: the benchmarks run their services on 3401-3404
  },
} as const satisfies Record<string, Profile>;

export function dataDirOf(profile: Profile): string {
  return join(REPO_ROOT, '.data', 'chaos', profile.name);
}

export function kafkaBrokerOf(profile: Profile): string {
  return `127.0.0.1:${profile.kafkaPort}`;
}

function adminUrl(): string {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/careflow';
  const url = new URL(base);
  url.pathname = '/postgres';
  return url.toString();
}

/** The URL the services use: the profile's role on the profile's database. */
export function serviceDatabaseUrl(profile: Profile): string {
  const url = new URL(adminUrl());
  url.username = profile.role;
  url.password = '';
  url.pathname = `/${profile.database}`;
  return url.toString();
}

export async function withAdmin<T>(
  work: (client: Client) => Promise<T>,
  database = 'postgres',
): Promise<T> {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database and a LOGIN SUPERUSER role the services connect as (the outage locks it). */
export async function prepareDatabase(profile: Profile): Promise<void> {
  await withAdmin(async (c) => {
    const role = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [profile.role]);
    if (role.rowCount === 0) await c.query(`CREATE ROLE ${profile.role} LOGIN SUPERUSER`);
    await c.query(`ALTER ROLE ${profile.role} LOGIN SUPERUSER`);
    await c.query(`DROP DATABASE IF EXISTS ${profile.database} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${profile.database} OWNER ${profile.role}`);
  });
}

/**
 * Every login of the profile's services: the profile's role (a superuser), and the owner and
 * application roles each service provisions with it at start (DATABASE_ROLES=auto).
 */
function serviceLogins(profile: Profile): string[] {
  const schemas = [
    'eligibility',
    'authorization_routing',
    'case_management',
    'pcp_notification',
    'interop_gateway',
  ];
  return [
    profile.role,
    ...schemas.flatMap((schema) => {
      const roles = serviceRoles(profile.database, schema);
      return [roles.owner, roles.app];
    }),
  ];
}

/** The database outage: the roles cannot log in and their sessions are terminated. */
export async function lockDatabaseRole(profile: Profile): Promise<number> {
  return withAdmin(async (c) => {
    await setLogin(c, profile, false);
    const r = await c.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY($1::text[])',
      [serviceLogins(profile)],
    );
    return r.rowCount ?? 0;
  });
}

export async function unlockDatabaseRole(profile: Profile): Promise<void> {
  await withAdmin((c) => setLogin(c, profile, true));
}

async function setLogin(c: Client, profile: Profile, login: boolean): Promise<void> {
  for (const role of serviceLogins(profile)) {
    const found = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (found.rowCount) await c.query(`ALTER ROLE "${role}" ${login ? 'LOGIN' : 'NOLOGIN'}`);
  }
}

/** Rows of a query in the profile's database (as the admin user). */
export async function queryChaosDb<T>(
  profile: Profile,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withAdmin(async (c) => (await c.query(sql, params)).rows as T[], profile.database);
}

function kafkaEnv(profile: Profile): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KAFKA_PORT: String(profile.kafkaPort),
    KAFKA_CONTROLLER_PORT: String(profile.controllerPort),
    // Its own SASL_SSL port (kafka.sh's default): one inherited from the caller's environment is
    // the caller's broker's, and the profile's broker would fail to bind it.
    KAFKA_SASL_SSL_PORT: String(profile.kafkaPort + 2),
    KAFKA_DATA_DIR: join(dataDirOf(profile), 'kafka'),
    KAFKA_HEAP_OPTS: process.env.CHAOS_KAFKA_HEAP_OPTS ?? '-Xms384m -Xmx384m',
  };
}

export async function kafkaUp(profile: Profile): Promise<void> {
  await run('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), 'up'], {
    env: kafkaEnv(profile),
    maxBuffer: 16 * 1024 * 1024,
  });
}

export async function kafkaDown(profile: Profile): Promise<void> {
  await run('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), 'down'], {
    env: kafkaEnv(profile),
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Stops the profile's broker if it runs, wipes its data, starts it empty. */
export async function freshKafka(profile: Profile): Promise<void> {
  await kafkaDown(profile).catch(() => undefined);
  rmSync(join(dataDirOf(profile), 'kafka'), { recursive: true, force: true });
  mkdirSync(dataDirOf(profile), { recursive: true });
  await kafkaUp(profile);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A deterministic pseudo-random generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function elapsedSince(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}
