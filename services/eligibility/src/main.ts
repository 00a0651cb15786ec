import './telemetry';
import 'reflect-metadata';
import { startService } from '@careflow/platform';
import { EligibilityModule } from './eligibility.module';
import { loadEligibilityConfig } from './config';
import { errorText } from '@careflow/contracts';

async function main(): Promise<void> {
  const config = loadEligibilityConfig();
  await startService({
    module: EligibilityModule.register(config),
    port: config.PORT,
    title: 'Careflow eligibility',
    description: 'Effective-dated member coverage, queried as of a date',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
