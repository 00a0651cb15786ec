import './telemetry';
import 'reflect-metadata';
import { startService } from '@careflow/platform';
import { PcpNotificationModule } from './pcp-notification.module';
import { loadPcpNotificationConfig } from './config';
import { errorText } from '@careflow/contracts';

async function main(): Promise<void> {
  const config = loadPcpNotificationConfig();
  await startService({
    module: PcpNotificationModule.register(config),
    port: config.PORT,
    title: 'Careflow PCP notification',
    description: "PCP letters and call tasks, and the case managers' live feed",
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
