import { DataSource } from 'typeorm';
import { PlanCalendar } from '@careflow/contracts';
import { JobQueue } from '../src/jobs/job-queue';
import { constructionPlan, createJobQueues } from '../src/jobs/job-queue.migration';
import { JsonLogger } from '../src/logging/json-logger';
import { PlatformMetrics } from '../src/metrics/platform-metrics';

/**
 * A triggered job starts at once, not at the worker's next poll, even when a periodic run of the
 * same job is due and takes the worker's wake-up first (issue #29: pcp-notification's letters
 * waited up to JOBS_POLL_INTERVAL_MS behind the periodic delivery run). The poll here is 60 s, so
 * work left to the poll would not be done within the test's wait.
 */
const SCHEMA = 'platform_probe_jobs';
const JOB = 'probe-delivery';
const POLL_MS = 60_000;

describe('the job queue wakes its worker for every trigger', () => {
  let dataSource: DataSource;
  let jobs: JobQueue;
  /** Work waiting for the job, as letters wait for the delivery run. */
  const waiting = new Set<number>();

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema: SCHEMA,
      extra: { max: 4 },
    }).initialize();
    // The queue as a service's migrations make it (stately, in the service's schema).
    const runner = dataSource.createQueryRunner();
    await runner.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await runner.query(`CREATE SCHEMA ${SCHEMA}`);
    await runner.query(constructionPlan(SCHEMA));
    await createJobQueues(runner, [JOB]);
    await runner.release();
    jobs = new JobQueue(
      dataSource,
      {
        schema: SCHEMA,
        pollIntervalMs: POLL_MS,
        maintenanceIntervalSeconds: 3600,
        shutdownTimeoutMs: 2000,
      },
      new PlanCalendar('America/Detroit'),
      new JsonLogger('job-queue-probe', 'error'),
      new PlatformMetrics('job-queue-probe'),
    );
    // A periodic run every 100 ms keeps a periodic job due ahead of most triggered ones.
    jobs.register({
      name: JOB,
      everyMs: 100,
      retryLimit: 0,
      handler: async () => {
        const taken = [...waiting];
        await new Promise((resolve) => setTimeout(resolve, 20));
        for (const item of taken) waiting.delete(item);
      },
    });
    await jobs.onApplicationBootstrap();
  });

  afterAll(async () => {
    await jobs.beforeApplicationShutdown();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await dataSource.destroy();
  });

  it('runs the work of each trigger without waiting for the poll', async () => {
    for (let item = 0; item < 20; item++) {
      waiting.add(item);
      await jobs.trigger(JOB, {});
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const deadline = Date.now() + 15_000;
    while (waiting.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([...waiting]).toEqual([]);
  }, 60_000);
});
