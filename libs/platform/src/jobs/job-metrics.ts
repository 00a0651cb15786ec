import type { Counter } from 'prom-client';
import type { PlatformMetrics } from '../metrics/platform-metrics';

/** Job figures, by job name only (never the job's data). */
export class JobMetrics {
  readonly completed: Counter<'job'>;
  readonly failed: Counter<'job'>;
  readonly retried: Counter<'job'>;

  constructor(
    metrics: PlatformMetrics,
    depth: () => Promise<{ job: string; state: 'waiting' | 'active'; count: number }[]>,
  ) {
    this.completed = metrics.counter({
      name: 'careflow_jobs_completed_total',
      help: 'Background job runs that completed, by job.',
      labelNames: ['job'],
    });
    this.failed = metrics.counter({
      name: 'careflow_jobs_failed_total',
      help: 'Background job runs that failed (each is retried until its retry limit), by job.',
      labelNames: ['job'],
    });
    this.retried = metrics.counter({
      name: 'careflow_jobs_retried_total',
      help: 'Background job runs that were retries of a failed or expired run, by job.',
      labelNames: ['job'],
    });
    const collectionErrors = metrics.counter({
      name: 'careflow_job_queue_collection_errors_total',
      help: 'Scrapes that could not read the job queue.',
    });
    metrics.gauge({
      name: 'careflow_job_queue_depth',
      help: 'Jobs waiting (due or scheduled) and running, by job and state.',
      labelNames: ['job', 'state'],
      async collect() {
        this.reset();
        try {
          for (const { job, state, count } of await depth()) this.set({ job, state }, count);
        } catch {
          collectionErrors.inc();
        }
      },
    });
  }
}
