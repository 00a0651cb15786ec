import { developmentSecret, numericOptions } from './cli-options';
import { PROFILES } from './env';
import { formatFuzzReport, fuzzPassed, runFuzz } from './fuzz';
import { errorText } from '@careflow/contracts';

/** npm run fuzz [-- --bad 10000 --valid 2000 --http 12 --seed 7] */
async function main(): Promise<void> {
  const options = numericOptions({ seed: 4242, bad: 10000, valid: 2000, http: 12 });
  const report = await runFuzz({
    profile: PROFILES.fuzz,
    seed: options.seed,
    badMessages: options.bad,
    validRequests: options.valid,
    httpRequestsPerOperation: options.http,
    secret: developmentSecret('fuzz-secret-at-least-32-characters-long!'),
  });
  process.stdout.write(`\n${formatFuzzReport(report)}\n`);
  process.stdout.write(`\n${fuzzPassed(report) ? 'PASSED' : 'FAILED'}: hostile input\n`);
  process.exit(fuzzPassed(report) ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error, { stack: true })}\n`);
  process.exit(2);
});
