import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchContext } from './lib/context';
import { checkFastEncoding } from './lib/kafka';
import { writeProgress, writeReport, type RunInfo } from './lib/report';
import { NotRunError, type BenchResult } from './lib/result';
import { ServiceManager, resetPidFile } from './lib/services';
import { since } from './lib/stats';
import { BENCHMARKS } from './benchmarks';
import { SOAK_DEFAULT_MINUTES } from './benchmarks/soak';
import { errorText } from '@careflow/contracts';

const usage = `npm run bench [-- <name>...] [--quick]

Benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')} (default: all, in this order).
--quick divides every count (and the steady-rate durations) by 10: a smoke run.
--minutes <n> sets the soak's length (default ${SOAK_DEFAULT_MINUTES}, 3 with --quick; or BENCH_SOAK_MINUTES).`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean' },
      help: { type: 'boolean' },
      minutes: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const unknown = positionals.filter((p) => !BENCHMARKS.some((b) => b.name === p));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}\n${usage}\n`);
    process.exit(2);
  }
  const soakMinutes = values.minutes === undefined ? null : Number(values.minutes);
  if (soakMinutes !== null && !(Number.isInteger(soakMinutes) && soakMinutes > 0)) {
    process.stderr.write(`--minutes must be a whole number of minutes above 0\n${usage}\n`);
    process.exit(2);
  }
  const selected = positionals.length
    ? BENCHMARKS.filter((b) => positionals.includes(b.name))
    : BENCHMARKS;
  const repoRoot = resolve(__dirname, '..', '..');
  const resultsDir = join(repoRoot, 'bench', 'results');
  const logsDir = process.env.BENCH_LOGS_DIR ?? join(resultsDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const secret = process.env.AUTH_JWT_SECRET;
  if (!secret) throw new Error('AUTH_JWT_SECRET is not set (scripts/bench.sh sets it)');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:49092').split(',');
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/careflow_bench';
  const pidFile = process.env.BENCH_PID_FILE ?? join(resultsDir, '.children');
  resetPidFile(pidFile);
  const services = new ServiceManager({
    repoRoot,
    logsDir,
    pidFile,
    brokers: brokers.join(','),
    databaseUrl,
    secret,
    buildFailed: new Set((process.env.BENCH_BUILD_FAILED ?? '').split(',').filter(Boolean)),
  });
  const privateKafka = process.env.BENCH_KAFKA_DATA_DIR
    ? {
        dataDir: process.env.BENCH_KAFKA_DATA_DIR,
        port: process.env.BENCH_KAFKA_PORT ?? '49092',
        controllerPort: process.env.BENCH_KAFKA_CONTROLLER_PORT ?? '49093',
      }
    : null;
  const ctx = new BenchContext(
    {
      repoRoot,
      quick: values.quick === true,
      soakMinutes,
      brokers,
      databaseUrl,
      secret,
      resultsDir,
      logsDir,
      privateKafka,
    },
    services,
  );

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    ctx.log(`${signal}: stopping the services`);
    void services.stopAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => services.killAllSync());

  checkFastEncoding();
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const results: BenchResult[] = [];
  const runInfo = (): RunInfo => ({
    startedAt,
    finishedAt: new Date(),
    quick: ctx.quick,
    brokers: brokers.join(','),
    databaseUrl,
    selected: selected.map((b) => b.name),
    available: BENCHMARKS.map((b) => b.name),
    finished: results.length,
    repoRoot,
    loadAtStart,
  });
  for (const bench of selected) {
    ctx.log(`== ${bench.name}: ${bench.title}`);
    const t0 = performance.now();
    const base = { name: bench.name, title: bench.title, issue: bench.issue };
    try {
      if (bench.needsKafka) await ctx.resetEnvironment();
      const outcome = await bench.run(ctx);
      results.push({ ...base, ...outcome, durationMs: since(t0) });
    } catch (error) {
      const message = errorText(error);
      const notRun = error instanceof NotRunError;
      ctx.log(`${bench.name}: ${notRun ? 'not run' : 'failed'}: ${message}`);
      if (!notRun && error instanceof Error && error.stack)
        process.stderr.write(`${error.stack}\n`);
      results.push({
        ...base,
        status: notRun ? 'not-run' : 'failed',
        reason: message,
        figures: [],
        latencies: [],
        skipped: [],
        notes: [],
        durationMs: since(t0),
      });
    } finally {
      await services.stopAll();
    }
    if (results.length < selected.length) writeProgress(runInfo(), results, resultsDir);
    const last = results[results.length - 1]!;
    ctx.log(
      `${bench.name}: ${last.status}${last.figures.map((f) => `; ${f.label}: ${f.value === null ? 'n/a' : Math.round(f.value)} ${f.unit}${f.baseline ? ` (baseline ${f.baseline.value === null ? 'n/a' : Math.round(f.baseline.value)})` : ''}`).join('')}`,
    );
  }
  const report = await writeReport(runInfo(), results, resultsDir);
  ctx.log(
    `report: ${report.md}${report.png ? ` and ${report.png}` : ''} (also latest.md / latest.png)`,
  );
  process.stdout.write(readFileSync(join(resultsDir, 'latest.md'), 'utf8'));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${errorText(error, { stack: true })}\n`);
    process.exit(1);
  },
);
