import type { DataSource } from 'typeorm';
import type { EncodedRecord } from '../cloudevents/encode';
import type { RecordProducer, TopicRecords } from '../kafka/record-producer';
import type { MessagingLogger } from '../logger';
import { backoffDelay } from '../consumer/backoff';

export interface OutboxRelayOptions {
  /** Safety net for rows a crashed process left behind; commits also wake the relay at once. */
  readonly pollIntervalMs: number;
  readonly batchSize: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  record_key: string;
  record_value: string;
  headers: Record<string, string>;
}

/**
 * Moves committed outbox rows to Kafka in commit order. A transaction-scoped advisory lock makes
 * one relay per schema active at a time (several instances of a service share the outbox), which
 * keeps per-member order. A batch's deletion commits only after the broker acknowledged it; a
 * crash in between re-sends its rows with the same CloudEvent ids, which consumers' inboxes drop.
 */
export class OutboxRelay {
  private running = false;
  private wakeAgain = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: RecordProducer,
    private readonly logger: MessagingLogger,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Wake the relay now (after a commit that wrote outbox rows). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.schedule(0);
  }

  /** Stop polling after sending what is already committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
    await this.drain().catch((error: unknown) => {
      this.logger.warn('outbox relay could not drain at shutdown; rows stay for the next start', {
        error: String(error),
      });
    });
  }

  /** Relays until the outbox is empty; resolves with the number of events sent. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.relayOnce();
      total += sent;
      if (sent < this.options.batchSize) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.current = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let nextDelay = this.options.pollIntervalMs;
    try {
      do {
        this.wakeAgain = false;
        await this.drain();
      } while (this.wakeAgain && !this.stopped);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      nextDelay = backoffDelay(this.failures, 200, 10000);
      this.logger.warn('outbox relay failed; will retry', {
        error: String(error),
        retryInMs: nextDelay,
      });
    } finally {
      this.running = false;
    }
    if (!this.stopped) this.schedule(nextDelay);
  }

  /**
   * One batch in one transaction of three round trips: BEGIN; take the relay lock and delete
   * the oldest rows returning them (one statement); send; COMMIT. A failed send rolls the delete
   * back, so the rows stay for the next attempt; nothing is deleted that the broker did not
   * acknowledge. The commit does not wait for the WAL flush (`synchronous_commit` off for this
   * transaction only): should the database lose it in a crash, the rows come back and are sent
   * again with the same CloudEvent ids, which consumers' inboxes drop, the case the relay
   * already handles; the next batch does not wait for a disk flush.
   */
  private async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[OutboxRow[], number]>(
        `WITH relay_settings AS (
           SELECT set_config('synchronous_commit', 'off', true) AS value),
         relay_lock AS (
           SELECT pg_try_advisory_xact_lock(hashtext('outbox-relay:' || current_schema())) AS locked
             FROM relay_settings)
         DELETE FROM outbox_events WHERE id IN (
           SELECT o.id FROM outbox_events o, relay_lock
            WHERE relay_lock.locked ORDER BY o.id LIMIT $1)
         RETURNING id, topic, record_key, record_value, headers`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      // RETURNING does not keep the subquery's order: commit order is id order.
      rows.sort(byId);
      await this.producer.send(groupByTopic(rows));
      return rows.length;
    });
  }
}

function byId(a: OutboxRow, b: OutboxRow): number {
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Keeps row order within each topic, which is what per-member (per-key) order needs. */
function groupByTopic(rows: readonly OutboxRow[]): TopicRecords[] {
  const byTopic = new Map<string, EncodedRecord[]>();
  for (const row of rows) {
    const records = byTopic.get(row.topic) ?? [];
    records.push({ key: row.record_key, value: row.record_value, headers: row.headers });
    byTopic.set(row.topic, records);
  }
  return [...byTopic].map(([topic, records]) => ({ topic, records }));
}
