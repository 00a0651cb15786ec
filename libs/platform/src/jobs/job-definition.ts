/** What a handler is told about the run it does. */
export interface JobRun<T> {
  readonly data: T;
  /** 0 on the first attempt. */
  readonly retryCount: number;
}

/**
 * One named background job. Its queue must exist (a migration calls `createJobQueues`). When it
 * runs: `cron` (a 5-field expression in the plan's time zone; pg-boss fires schedules to the
 * minute), `everyMs` (again that long after each run starts), on `trigger`, or several of these.
 */
export interface JobDefinition<T extends object = Record<string, never>> {
  readonly name: string;
  readonly handler: (run: JobRun<T>) => Promise<unknown>;
  /** Cron expression or `off` (the schedule is removed). */
  readonly cron?: string;
  /** Data of the jobs the cron schedule sends. */
  readonly cronData?: T;
  readonly everyMs?: number;
  /** Attempts after the first failure or expiry (default 2). */
  readonly retryLimit?: number;
  /** Seconds before the first retry (default 30); doubled each time with `retryBackoff`. */
  readonly retryDelaySeconds?: number;
  readonly retryBackoff?: boolean;
  /**
   * How long a run may take (default 15 minutes). A run still active after that is failed and
   * retried: this is how a job whose worker died is picked up again.
   */
  readonly expireInSeconds?: number;
}

/** Singleton keys: one job of a key waits and one runs at a time (queues are `stately`). */
export const PERIODIC_KEY = 'periodic';
export const TRIGGERED_KEY = 'triggered';
