import './telemetry';
import 'reflect-metadata';
import { startService } from '@careflow/platform';
import { CaseManagementModule } from './case-management.module';
import { loadCaseManagementConfig } from './config';
import { errorText } from '@careflow/contracts';

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
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
