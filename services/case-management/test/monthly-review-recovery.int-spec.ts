import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { serviceRoles } from '@careflow/platform';

/**
 * The job queue recovers a job whose worker died: a case-management process running the monthly
 * review is SIGKILLed mid-review, another instance starts, and the review completes once (real
 * processes, broker and database; a database of its own so its members stay out of other suites).
 */
describe('a monthly review whose instance is killed mid-run', () => {
  const repo = join(__dirname, '..', '..', '..');
  const database = `careflow_review_recovery_${randomUUID().slice(0, 8)}`;
  const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL!;
  const databaseUrl = withDatabase(adminUrl, database);
  const members = 20_000;
  const month = '2026-01';
  const children: ChildProcess[] = [];
  let db: Client;

  beforeAll(async () => {
    await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE "${database}"`));
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db?.end();
    // The database goes, and with it everything the roles the service provisioned held.
    const roles = serviceRoles(database, 'case_management');
    await withClient(adminUrl, async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS "${roles.owner}", "${roles.app}"`);
    });
  });

  it('is run again by another instance after its expiry and completes exactly once', async () => {
    const first = await startInstance();
    await first.ready;
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    // Members of the coverage read model (without coverage: each is read, none identified).
    await db.query(
      `INSERT INTO case_management.member_coverage (member_id, version, spans, updated_at)
       SELECT 'M-RECOVERY-' || lpad(n::text, 6, '0'), 1, '[]'::jsonb, now()
         FROM generate_series(1, $1) AS n`,
      [members],
    );

    // An operator's request, as POST /reviews/monthly queues it.
    const boss = new PgBoss({
      connectionString: databaseUrl,
      schema: 'case_management',
      migrate: false,
      supervise: false,
      schedule: false,
    });
    await boss.start();
    const jobId = await boss.send(
      'monthly-review',
      { month, requestedBy: 'recovery-test' },
      { singletonKey: month },
    );
    await boss.stop({ graceful: false, close: true });
    expect(jobId).toEqual(expect.any(String));

    // Killed while the review is part-way through its members.
    const midway = await waitFor(async () => {
      const row = await review();
      return row && row.status === 'running' && row.members_scanned > 0 ? row : undefined;
    });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(midway.members_scanned).toBeLessThan(members);

    const second = await startInstance();
    await second.ready;
    const done = await waitFor(async () => {
      const row = await review();
      return row?.status === 'completed' ? row : undefined;
    }, 180_000);
    // Counted once: the retry started the review afresh rather than adding to the dead run's.
    // (The read model also holds the members other suites left on the compacted coverage topic.)
    const inReadModel = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM case_management.member_coverage`,
    );
    expect(inReadModel.rows[0]!.n).toBeGreaterThanOrEqual(members);
    expect(done.members_scanned).toBe(inReadModel.rows[0]!.n);

    // The queue marks the job completed after the handler's transaction commits the review, so
    // the job's state may lag the review row by a moment.
    const jobs = await waitFor(async () => {
      const found = await db.query<{ id: string; state: string; retry_count: number }>(
        `SELECT id, state::text AS state, retry_count FROM case_management.job
          WHERE name = 'monthly-review' AND singleton_key = $1
         UNION ALL
         SELECT id, state::text, retry_count FROM case_management.archive
          WHERE name = 'monthly-review' AND singleton_key = $1`,
        [month],
      );
      return found.rows.every((j) => j.state !== 'active') ? found : undefined;
    });
    // One job, completed on its retry (the expired run was failed, then picked up again).
    expect(jobs.rows).toEqual([{ id: jobId, state: 'completed', retry_count: 1 }]);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  }, 300_000);

  async function review(): Promise<{ status: string; members_scanned: number } | undefined> {
    const rows = await db.query<{ status: string; members_scanned: number }>(
      `SELECT status, members_scanned FROM case_management.monthly_reviews WHERE month = $1`,
      [month],
    );
    return rows.rows[0];
  }

  async function startInstance(): Promise<{ child: ChildProcess; ready: Promise<void> }> {
    const port = await freePort();
    const child = spawn('sh', [join(repo, 'services', 'run-service.sh'), 'case-management'], {
      cwd: repo,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        KAFKA_CONSUMER_GROUP: `case-management-${database}`,
        MONTHLY_REVIEW_CRON: 'off',
        ASSESSMENT_OVERDUE_CRON: 'off',
        MONTHLY_REVIEW_BATCH_SIZE: '100',
        MONTHLY_REVIEW_CONCURRENCY: '1',
        MONTHLY_REVIEW_EXPIRY_SECONDS: '30',
        MONTHLY_REVIEW_RETRY_DELAY_SECONDS: '2',
        JOBS_MAINTENANCE_INTERVAL_SECONDS: '1',
        JOBS_POLL_INTERVAL_MS: '500',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    const ready = waitFor(async () => {
      if (child.exitCode !== null) throw new Error('case-management exited while starting');
      const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      return status === 200 ? true : undefined;
    }, 120_000).then(() => undefined);
    return { child, ready };
  }
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
