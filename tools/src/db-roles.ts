import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  commonConfigShape,
  loadConfig,
  databaseOf,
  provisionServiceRoles,
  serviceRoles,
  type ServiceRoles,
} from '@careflow/platform';
import { SERVICE_SCHEMAS, schemaOf } from './service-schemas';
import { errorText } from '@careflow/contracts';

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
  const names = process.argv.slice(2);
  const schemas = (names.length > 0 ? names : Object.keys(SERVICE_SCHEMAS)).map(schemaOf);
  const config = loadConfig(shapeFor(schemas));
  const url = config.DATABASE_URL;
  const prefix = config.DATABASE_ROLE_PREFIX;
  const passwords: Partial<Record<string, string>> = config;
  const database = databaseOf(url);
  const admin = await new DataSource({ type: 'postgres', url, extra: { max: 1 } }).initialize();
  try {
    for (const schema of schemas) {
      const roles: ServiceRoles = serviceRoles(database, schema, prefix);
      const suffix = schema.toUpperCase();
      const runner = admin.createQueryRunner();
      try {
        await provisionServiceRoles(runner, database, schema, roles, {
          owner: passwords[`DATABASE_OWNER_PASSWORD_${suffix}`],
          app: passwords[`DATABASE_APP_PASSWORD_${suffix}`],
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

/** The variables this run reads: the administrator's URL, the prefix, two passwords per schema. */
function shapeFor(schemas: readonly string[]) {
  const passwords: Record<string, z.ZodOptional<z.ZodString>> = {};
  for (const schema of schemas) {
    for (const role of ['OWNER', 'APP']) {
      passwords[`DATABASE_${role}_PASSWORD_${schema.toUpperCase()}`] = z
        .string()
        .min(16, 'at least 16 characters')
        .optional()
        .describe(
          `Password of the ${role.toLowerCase()} role of ${schema}; unset keeps the current one.`,
        );
    }
  }
  return {
    DATABASE_URL: commonConfigShape.DATABASE_URL.describe(
      'A login that may create roles (superuser, or CREATEROLE with membership in the roles).',
    ),
    DATABASE_ROLE_PREFIX: commonConfigShape.DATABASE_ROLE_PREFIX,
    ...passwords,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`db:roles: ${errorText(error)}\n`);
  process.exit(1);
});
