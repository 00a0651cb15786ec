import type { DataSource } from 'typeorm';

export interface InboxRetentionOptions {
  /**
   * How long a handled event's id is kept. It must outlast every way the event can come again:
   * the consumed topics' retention plus the age of their oldest segment (Kafka deletes whole
   * segments), or a replay from the earliest offset would apply older events a second time.
   */
  readonly retentionHours: number;
  /** Ids deleted per statement (default 5000): short transactions beside the handlers'. */
  readonly batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 5000;

/**
 * Deletes the inbox ids older than the retention, in short batches, so `inbox_events` holds one
 * retention period of events instead of every event ever consumed; answers how many. Several
 * instances may prune at once: a batch skips the rows another one is deleting. When and where it
 * runs is the platform's job queue's business (`inbox-prune`), not this library's.
 */
export async function pruneInbox(
  dataSource: DataSource,
  options: InboxRetentionOptions,
): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let deleted = 0;
  for (;;) {
    const rows: { n: number }[] = await dataSource.query(
      `WITH expired AS (
         DELETE FROM inbox_events WHERE event_id IN (
           SELECT event_id FROM inbox_events
            WHERE received_at < now() - make_interval(hours => $1)
            LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
       SELECT count(*)::int AS n FROM expired`,
      [options.retentionHours, batchSize],
    );
    const n = rows[0]?.n ?? 0;
    deleted += n;
    if (n < batchSize || !dataSource.isInitialized) return deleted;
  }
}
