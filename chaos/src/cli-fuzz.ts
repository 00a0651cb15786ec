import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES, REPO_ROOT } from './env';
import { formatFuzzReport, fuzzPassed, runFuzz } from './fuzz';

/** npm run fuzz [-- --bad 10000 --valid 2000 --http 12 --seed 7] */
function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

async function main(): Promise<void> {
  const secretFile = join(REPO_ROOT, '.data', 'dev-jwt-secret');
  const secret =
    process.env.AUTH_JWT_SECRET ??
    (existsSync(secretFile)
      ? readFileSync(secretFile, 'utf8').trim()
      : 'fuzz-secret-at-least-32-characters-long!');
  const report = await runFuzz({
    profile: PROFILES.fuzz,
    seed: arg('seed', 4242),
    badMessages: arg('bad', 10000),
    validRequests: arg('valid', 2000),
    httpRequestsPerOperation: arg('http', 12),
    secret,
  });
  process.stdout.write(`\n${formatFuzzReport(report)}\n`);
  process.stdout.write(`\n${fuzzPassed(report) ? 'PASSED' : 'FAILED'}: hostile input\n`);
  process.exit(fuzzPassed(report) ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(2);
});
