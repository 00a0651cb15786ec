import './telemetry';
import 'reflect-metadata';
import { startService } from '@careflow/platform';
import { CaseManagementModule } from './case-management.module';
import { loadCaseManagementConfig } from './config';

async function main(): Promise<void> {
  const config = loadCaseManagementConfig();
  await startService({
    module: CaseManagementModule.register(config),
    port: config.PORT,
    title: 'Careflow case management',
    description:
      'Complex Case Management: identification, criteria with evidence, cases and assessments',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
