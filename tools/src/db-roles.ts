import { DataSource } from 'typeorm';
import {
  databaseOf,
  provisionServiceRoles,
  serviceRoles,
  type ServiceRoles,
} from '@careflow/platform';
import { SERVICE_SCHEMAS, schemaOf } from './service-schemas';

/**
 * npm run db:roles [-- <service>...]: creates each service's owner and application roles and
 * schema ahead of time, for deployments whose services run with DATABASE_ROLES=given (Docker
 * Compose, production). DATABASE_URL: a login that may create roles. Role names:
 * DATABASE_ROLE_PREFIX (default cf_<database>) + _<schema>_owner / _app. Passwords:
 * DATABASE_OWNER_PASSWORD_<SCHEMA> and DATABASE_APP_PASSWORD_<SCHEMA> (e.g.
 * DATABASE_APP_PASSWORD_CASE_MANAGEMENT); unset leaves a role's password as it is. Idempotent.
 * The application role's grants on tables follow at each service's start (migrations run as the
 * owner, then the grants).
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (a login that may create roles)');
  const prefix = process.env.DATABASE_ROLE_PREFIX || undefined;
  const names = process.argv.slice(2);
  const schemas = (names.length > 0 ? names : Object.keys(SERVICE_SCHEMAS)).map(schemaOf);
  const database = databaseOf(url);
  const admin = await new DataSource({ type: 'postgres', url, extra: { max: 1 } }).initialize();
  try {
    for (const schema of schemas) {
      const roles: ServiceRoles = serviceRoles(database, schema, prefix);
      const suffix = schema.toUpperCase();
      const runner = admin.createQueryRunner();
      try {
        await provisionServiceRoles(runner, database, schema, roles, {
          owner: password(`DATABASE_OWNER_PASSWORD_${suffix}`),
          app: password(`DATABASE_APP_PASSWORD_${suffix}`),
        });
      } finally {
        await runner.release();
      }
      process.stdout.write(`${schema}: owner ${roles.owner}, application ${roles.app}\n`);
    }
  } finally {
    await admin.destroy();
  }
}

function password(variable: string): string | undefined {
  const value = process.env[variable];
  if (value === undefined || value === '') return undefined;
  if (value.length < 16) throw new Error(`${variable}: at least 16 characters`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`db:roles: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
