import type { DataSource } from 'typeorm';
import { describeError } from '../errors';
import type { MessagingLogger } from '../logger';

export interface InboxRetentionOptions {
  /**
   * How long a handled event's id is kept. It must outlast every way the event can come again:
   * the consumed topics' retention plus the age of their oldest segment (Kafka deletes whole
   * segments), or a replay from the earliest offset would apply older events a second time.
   */
  readonly retentionHours: number;
  /** How often expired ids are deleted. */
  readonly intervalMs: number;
  /** Ids deleted per statement (default 5000): short transactions beside the handlers'. */
  readonly batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 5000;

/**
 * Deletes the inbox ids older than the retention, in short batches, so `inbox_events` holds one
 * retention period of events instead of every event ever consumed. Several instances of a service
 * may prune at once: a batch skips the rows another one is deleting.
 */
export class InboxPruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: MessagingLogger,
    private readonly options: InboxRetentionOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.stopping = false;
    this.timer = setInterval(() => void this.pruneInBackground(), this.options.intervalMs);
    this.timer.unref();
    void this.pruneInBackground();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Deletes every expired id now; answers how many. */
  async prune(): Promise<number> {
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    let deleted = 0;
    for (;;) {
      const rows: { n: number }[] = await this.dataSource.query(
        `WITH expired AS (
           DELETE FROM inbox_events WHERE event_id IN (
             SELECT event_id FROM inbox_events
              WHERE received_at < now() - make_interval(hours => $1)
              LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING 1)
         SELECT count(*)::int AS n FROM expired`,
        [this.options.retentionHours, batchSize],
      );
      const n = rows[0]?.n ?? 0;
      deleted += n;
      if (n < batchSize || this.stopping) return deleted;
    }
  }

  private async pruneInBackground(): Promise<void> {
    if (this.running) return;
    this.running = this.prune()
      .then((deleted) => {
        if (deleted > 0) {
          this.logger.info('inbox: expired event ids deleted', {
            deleted,
            retentionHours: this.options.retentionHours,
          });
        }
      })
      .catch((error: unknown) => {
        // The next interval tries again; the inbox only grows meanwhile.
        this.logger.warn('inbox: pruning failed; will retry', {
          error: describeError(error).message.slice(0, 300),
        });
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }
}
