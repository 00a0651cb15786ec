import 'reflect-metadata';
import { openServiceDatabase, serviceRoleOptionsOf } from '@careflow/platform';
import { loadEligibilityConfig } from './config';
import { eligibilityMigrations, eligibilityEntities } from './eligibility.module';
import { errorText } from '@careflow/contracts';

/** Runs the service's migrations and exits (services also migrate at start). */
async function main(): Promise<void> {
  const config = loadEligibilityConfig();
  const dataSource = await openServiceDatabase({
    url: config.DATABASE_URL,
    ...serviceRoleOptionsOf(config),
    schema: 'eligibility',
    entities: eligibilityEntities,
    migrations: eligibilityMigrations,
    poolSize: 2,
  });
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
