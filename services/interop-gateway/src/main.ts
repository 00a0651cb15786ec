import './telemetry';
import 'reflect-metadata';
import { startService } from '@careflow/platform';
import { InteropGatewayModule } from './interop-gateway.module';
import { loadInteropGatewayConfig } from './config';
import { errorText } from '@careflow/contracts';

async function main(): Promise<void> {
  const config = loadInteropGatewayConfig();
  await startService({
    module: InteropGatewayModule.register(config),
    port: config.PORT,
    title: 'Careflow interop-gateway',
    description:
      'X12 834 enrollment in, coverage.updated out, answered with a 999 or TA1; HL7 v2 ADT^A03 and ORU^R01 over MLLP, answered with an ACK',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
