import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { PlanCalendar } from '@careflow/contracts';
import { describeError } from '@careflow/messaging';
import { JsonLogger } from '../logging/json-logger';
import { PlatformMetrics } from '../metrics/platform-metrics';
import { PERIODIC_KEY, TRIGGERED_KEY, type JobDefinition, type JobRun } from './job-definition';
import { JobMetrics } from './job-metrics';

export interface JobQueueSettings {
  /** The service's schema, which holds the queue's tables. */
  readonly schema: string;
  /** How often an idle worker looks for due jobs. */
  readonly pollIntervalMs: number;
  /** How often expired runs are failed (and retried) and old jobs archived. */
  readonly maintenanceIntervalSeconds: number;
  /** How long `stop` waits for running jobs before failing them (they are retried elsewhere). */
  readonly shutdownTimeoutMs: number;
}

export const JOB_QUEUE_SETTINGS = Symbol('JOB_QUEUE_SETTINGS');

type AnyDefinition = JobDefinition<object>;

/**
 * The service's one job queue (pg-boss on the service's database and schema, through the
 * service's own connection pool and role). Providers `register` their jobs while the modules
 * initialise; the queue starts with the application and stops before the database closes,
 * letting running jobs finish. Several instances share the queue: each job runs on one of them,
 * and a run whose instance died is failed when it expires and retried by another.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly definitions = new Map<string, AnyDefinition>();
  private readonly workers = new Map<string, string>();
  private readonly metrics: JobMetrics;
  private boss: PgBoss | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JOB_QUEUE_SETTINGS) private readonly settings: JobQueueSettings,
    @Inject(PlanCalendar) private readonly calendar: PlanCalendar,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(PlatformMetrics) metrics: PlatformMetrics,
  ) {
    this.metrics = new JobMetrics(metrics, () => this.depth());
  }

  /** Adds a job; call it before the application starts (`onModuleInit`). */
  register<T extends object>(definition: JobDefinition<T>): void {
    if (this.boss) throw new Error(`job ${definition.name} registered after the queue started`);
    if (this.definitions.has(definition.name))
      throw new Error(`job ${definition.name} registered twice`);
    this.definitions.set(definition.name, definition as unknown as AnyDefinition);
  }

  get names(): string[] {
    return [...this.definitions.keys()];
  }

  async onApplicationBootstrap(): Promise<void> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: this.settings.schema,
      migrate: false,
      pollingIntervalSeconds: this.settings.pollIntervalMs / 1000,
      maintenanceIntervalSeconds: this.settings.maintenanceIntervalSeconds,
      // Periodic jobs finish every few seconds: finished ones go to the archive after an hour and
      // leave it a day later, so the tables stay small (pg-boss keeps them 12 hours + 7 days).
      archiveCompletedAfterSeconds: 3600,
      deleteAfterHours: 24,
    });
    boss.on('error', (error: unknown) =>
      this.logger.warn('job queue error; it carries on', { ...describeError(error) }),
    );
    await boss.start();
    this.boss = boss;
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    const missing = this.names.filter((name) => !existing.has(name));
    if (missing.length > 0)
      throw new Error(`job queues missing (add them to a migration): ${missing.join(', ')}`);
    for (const definition of this.definitions.values()) await this.start(boss, definition);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    // Running jobs finish (up to the timeout); the database pool stays open: it is the service's.
    await new Promise<void>((resolve) => {
      // pg-boss announces the end of its shutdown; the timer is the fallback should it not.
      const fallback = setTimeout(resolve, this.settings.shutdownTimeoutMs + 5000);
      boss.once('stopped', () => {
        clearTimeout(fallback);
        resolve();
      });
      boss
        .stop({
          graceful: true,
          wait: false,
          close: false,
          timeout: this.settings.shutdownTimeoutMs,
        })
        .catch(() => resolve());
    });
    this.boss = undefined;
  }

  /**
   * Asks for a run now (a waiting run of the same key makes this one unnecessary: answers null,
   * and that run starts at once instead).
   * With `manager`, the job is queued in that transaction: it exists only if the transaction
   * commits.
   */
  async trigger<T extends object>(
    name: string,
    data: T,
    {
      singletonKey = TRIGGERED_KEY,
      manager,
    }: { singletonKey?: string; manager?: EntityManager } = {},
  ): Promise<string | null> {
    const boss = this.started();
    const definition = this.definitionOf(name);
    const id = await boss.send(name, data, {
      ...this.sendOptions(definition),
      singletonKey,
      ...(manager ? { db: { executeSql: (text, values) => rowsOf(manager, text, values) } } : {}),
    });
    // Woken even when a waiting run made this one unnecessary: a worker fetches one job per wake,
    // and a periodic run due earlier can take that wake, leaving the waiting run (and the work it
    // stands for) to the next poll, JOBS_POLL_INTERVAL_MS later.
    const worker = this.workers.get(name);
    if (worker && !manager) boss.notifyWorker(worker);
    return id;
  }

  /** Readiness: the queue has started and its tables answer. */
  async check(): Promise<void> {
    await this.started().getQueues();
  }

  private async start(boss: PgBoss, definition: AnyDefinition): Promise<void> {
    const { name } = definition;
    await boss.updateQueue(name, { name, policy: 'stately', ...this.sendOptions(definition) });
    const worker = await boss.work<object>(
      name,
      { batchSize: 1, includeMetadata: true },
      async ([job]) => {
        if (job) await this.run(definition, job);
      },
    );
    this.workers.set(name, worker);
    if (definition.cron && definition.cron !== 'off') {
      await boss.schedule(name, definition.cron, definition.cronData ?? {}, {
        tz: this.calendar.timeZone,
        singletonKey: PERIODIC_KEY,
      });
    } else {
      await boss.unschedule(name);
    }
    if (definition.everyMs !== undefined) await this.sendNextPeriodic(boss, definition, 0);
  }

  private async run(definition: AnyDefinition, job: PgBoss.JobWithMetadata<object>): Promise<void> {
    const job_ = definition.name;
    if (job.retryCount > 0) this.metrics.retried.inc({ job: job_ });
    // The next periodic run is queued first: the chain goes on even if this run dies.
    if (definition.everyMs !== undefined && job.singletonKey === PERIODIC_KEY)
      await this.sendNextPeriodic(this.started(), definition, definition.everyMs);
    try {
      const run: JobRun<object> = { data: job.data, retryCount: job.retryCount };
      await definition.handler(run);
      this.metrics.completed.inc({ job: job_ });
    } catch (error) {
      this.metrics.failed.inc({ job: job_ });
      this.logger.error('job failed; it is retried until its retry limit', {
        job: job_,
        attempt: job.retryCount + 1,
        ...describeError(error),
      });
      throw error;
    }
  }

  private async sendNextPeriodic(
    boss: PgBoss,
    definition: AnyDefinition,
    afterMs: number,
  ): Promise<void> {
    await boss.send(
      definition.name,
      {},
      {
        ...this.sendOptions(definition),
        singletonKey: PERIODIC_KEY,
        // Scheduling, not business time: when the next run may start.
        ...(afterMs > 0 ? { startAfter: new Date(Date.now() + afterMs) } : {}),
      },
    );
  }

  private sendOptions(definition: AnyDefinition) {
    return {
      retryLimit: definition.retryLimit ?? 2,
      retryDelay: definition.retryDelaySeconds ?? 30,
      retryBackoff: definition.retryBackoff ?? false,
      expireInSeconds: definition.expireInSeconds ?? 15 * 60,
    };
  }

  /** Jobs waiting and running per registered job (the queue-depth gauge). */
  private async depth(): Promise<{ job: string; state: 'waiting' | 'active'; count: number }[]> {
    const boss = this.boss;
    if (!boss) return [];
    const figures: { job: string; state: 'waiting' | 'active'; count: number }[] = [];
    for (const job of this.names) {
      const waiting = await boss.getQueueSize(job);
      const unfinished = await boss.getQueueSize(job, { before: 'completed' });
      figures.push({ job, state: 'waiting', count: waiting });
      figures.push({ job, state: 'active', count: unfinished - waiting });
    }
    return figures;
  }

  private definitionOf(name: string): AnyDefinition {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`job ${name} is not registered`);
    return definition;
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('the job queue has not started');
    return this.boss;
  }
}

/** pg-boss's `db` contract over a TypeORM transaction: `{ rows }` whatever the command. */
async function rowsOf(
  manager: EntityManager,
  text: string,
  values: unknown[] | undefined,
): Promise<{ rows: unknown[] }> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('trigger({ manager }) needs a transaction');
  const result = await runner.query(text, values, true);
  return { rows: result.records };
}
