import 'reflect-metadata';
import { openServiceDatabase, serviceRoleOptionsOf } from '@careflow/platform';
import { loadInteropGatewayConfig } from './config';
import { interopGatewayMigrations, interopGatewayEntities } from './interop-gateway.module';
import { errorText } from '@careflow/contracts';

/** Runs the service's migrations and exits (services also migrate at start). */
async function main(): Promise<void> {
  const config = loadInteropGatewayConfig();
  const dataSource = await openServiceDatabase({
    url: config.DATABASE_URL,
    ...serviceRoleOptionsOf(config),
    schema: 'interop_gateway',
    entities: interopGatewayEntities,
    migrations: interopGatewayMigrations,
    poolSize: 2,
  });
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
