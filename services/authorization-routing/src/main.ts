import './telemetry';
import 'reflect-metadata';
import { startService } from '@careflow/platform';
import { AuthorizationRoutingModule } from './authorization-routing.module';
import { loadAuthorizationRoutingConfig } from './config';
import { errorText } from '@careflow/contracts';

async function main(): Promise<void> {
  const config = loadAuthorizationRoutingConfig();
  await startService({
    module: AuthorizationRoutingModule.register(config),
    port: config.PORT,
    title: 'Careflow authorization routing',
    description: 'Routes prior authorization requests to the vendor that decides them',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
