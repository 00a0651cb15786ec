import 'reflect-metadata';
import { openServiceDatabase, serviceRoleOptionsOf } from '@careflow/platform';
import { loadCaseManagementConfig } from './config';
import { caseManagementMigrations, caseManagementEntities } from './case-management.module';
import { errorText } from '@careflow/contracts';

/** Runs the service's migrations and exits (services also migrate at start unless DATABASE_MIGRATIONS=verify). */
async function main(): Promise<void> {
  const config = loadCaseManagementConfig();
  const dataSource = await openServiceDatabase({
    url: config.DATABASE_URL,
    ...serviceRoleOptionsOf(config),
    // The migration step itself: it runs them whatever DATABASE_MIGRATIONS says for the pods.
    migrationMode: 'run',
    schema: 'case_management',
    entities: caseManagementEntities,
    migrations: caseManagementMigrations,
    poolSize: 2,
  });
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
