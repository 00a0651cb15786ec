import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import type { EncodedRecord } from '../cloudevents/encode';
import type { RecordProducer, TopicRecords } from '../kafka/record-producer';
import type { MessagingLogger } from '../logger';
import type { EventTracing } from '../observability/tracing';
import { backoffDelay } from '../consumer/backoff';
import { inPipelinedTransaction } from './pipelined-transaction';
import { byOutboxId, type OutboxRecord } from './unit-of-work';

export interface OutboxRelayOptions {
  /** Safety net for rows a crashed process left behind; commits also wake the relay at once. */
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  /**
   * Send a transaction's events straight after its commit, from memory, instead of waking the
   * relay to read them back (see `afterCommit`). Off by default: it keeps a member's order only
   * within one process, which holds where one instance writes a member's events at a time.
   */
  readonly publishAfterCommit?: boolean;
  /** With `publishAfterCommit`, rows older than this are left-overs that the relay sends (5 s). */
  readonly staleAfterMs?: number;
  /**
   * Failed attempts in a row that are warnings (5, 3-6 s with the backoff); from the next one
   * on, each is an error: events are waiting in the outbox for longer than a broker blip explains.
   */
  readonly failuresBeforeError?: number;
}

/**
 * A CTE that makes the statement's transaction commit without waiting for the WAL flush: the
 * relay's deletes may be lost in a crash, which only re-sends rows that inboxes drop.
 */
const NO_WAL_FLUSH_WAIT = `relay_settings AS (SELECT set_config('synchronous_commit', 'off', true) AS value)`;
/** With `publishAfterCommit`, the age from which the relay takes rows as left-overs. */
const DEFAULT_STALE_AFTER_MS = 5000;
const DEFAULT_FAILURES_BEFORE_ERROR = 5;
/** How long rows sent directly wait to be deleted together. */
const DELETE_GATHER_MS = 50;
/** Relayed ids remembered for direct sends that come after (see `relayedIds`). */
const RELAYED_IDS_KEPT = 100_000;
/** Committed records of this process kept for the relay (see `committed`): ten batches, a few MiB. */
const COMMITTED_KEPT = 5_000;

interface OutboxRow {
  id: string;
  topic: string;
  /** Null for a row this process committed and holds (`committed`): not read back. */
  record_key: string | null;
  record_value: string | null;
  headers: Record<string, string> | null;
}

/**
 * Moves committed outbox rows to Kafka in commit order. A transaction-scoped advisory lock makes
 * one relay per schema active at a time (several instances of a service share the outbox), which
 * keeps per-member order. A batch's deletion commits only after the broker acknowledged it; a
 * crash in between re-sends its rows with the same CloudEvent ids, which consumers' inboxes drop.
 *
 * With `publishAfterCommit`, the committing process sends its own rows at once and deletes them
 * afterwards; the relay only sends rows that stayed behind (a crash, a failed send). Every send of
 * the process runs on one queue in commit order, and after a failed send the relay sends everything
 * in id order until the outbox is empty before direct sends resume, so no event overtakes an
 * earlier one of the same process.
 */
export class OutboxRelay {
  private running = false;
  private wakeAgain = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private failures = 0;
  /** Direct sends and relay drains, one at a time, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Rows may be waiting that direct sends must not overtake (at start, after a failed send). */
  private backlog = true;
  private readonly deletions = new Set<Promise<void>>();
  private readonly sentIds: string[] = [];
  /** Ids the relay sent that a direct send may still be asked for (commits it overtook). */
  private readonly relayedIds = new Set<string>();
  private deleteTimer: NodeJS.Timeout | undefined;
  /**
   * Without `publishAfterCommit`: the records this process committed that the relay has not yet
   * sent, by outbox id. Rows are immutable, so the relay takes these from memory instead of
   * reading them back (it still deletes and orders by the rows, under its lock); rows of other
   * processes, or of before a restart or a `clear`, are read back as always. Bounded.
   */
  private readonly committed = new Map<string, OutboxRecord>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: RecordProducer,
    private readonly logger: MessagingLogger,
    private readonly options: OutboxRelayOptions,
    /** PRODUCER spans for what is sent; undefined (tracing off): records go as stored. */
    private readonly tracing?: EventTracing,
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

  /**
   * Called after a transaction that wrote `records` committed: sends them now when
   * `publishAfterCommit` is on (resolving once the broker acknowledged them or the relay took
   * them over), else wakes the relay. Never rejects: the rows are committed, whatever happens
   * here they are sent.
   */
  async afterCommit(records: readonly OutboxRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.options.publishAfterCommit) {
      if (this.committed.size + records.length > COMMITTED_KEPT) this.committed.clear();
      for (const r of records) this.committed.set(r.id, r);
      this.kick();
      return;
    }
    await this.enqueue(() => this.sendCommitted(records));
  }

  /** Stop polling after sending what is already committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
    await this.queue;
    this.deleteSentNow();
    await Promise.allSettled([...this.deletions]);
    await this.drain().catch((error: unknown) => {
      this.logger.warn('outbox relay could not drain at shutdown; rows stay for the next start', {
        error: String(error),
      });
    });
  }

  /** Relays until the outbox is empty; resolves with the number of events sent. */
  async drain(): Promise<number> {
    return this.enqueue(() => this.drainNow(false));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(work);
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async sendCommitted(records: readonly OutboxRecord[]): Promise<void> {
    if (this.backlog || this.stopped) {
      this.kick();
      return;
    }
    // The relay may have sent some of them already (it drained after they committed).
    const unsent = records.filter((r) => !this.relayedIds.delete(r.id));
    if (unsent.length === 0) return;
    try {
      await this.send(unsent);
    } catch (error) {
      // The rows stay in the outbox; later commits must not overtake them.
      this.backlog = true;
      this.logger.warn('direct send after commit failed; the relay takes over', {
        error: String(error),
      });
      this.kick();
      return;
    }
    this.deleteSent(unsent.map((r) => r.id));
  }

  /**
   * Deletes rows sent directly, gathered for a moment so that a steady trickle of commits costs
   * one delete every few dozen milliseconds rather than one each. The delete does not wait for the
   * WAL flush: a delete lost in a crash (or failed) only has the relay send those rows again once
   * stale, with the same CloudEvent ids, which inboxes drop.
   */
  private deleteSent(ids: readonly string[]): void {
    this.sentIds.push(...ids);
    this.deleteTimer ??= this.detached(() =>
      setTimeout(() => this.deleteSentNow(), DELETE_GATHER_MS),
    );
  }

  private deleteSentNow(): void {
    if (this.deleteTimer) clearTimeout(this.deleteTimer);
    this.deleteTimer = undefined;
    const ids = this.sentIds.splice(0);
    if (ids.length === 0) return;
    const deletion = this.dataSource
      .query(
        `WITH ${NO_WAL_FLUSH_WAIT}
         DELETE FROM outbox_events WHERE id = ANY($1::bigint[])
            AND EXISTS (SELECT 1 FROM relay_settings)`,
        [ids],
      )
      .then(
        () => undefined,
        (error: unknown) => {
          this.logger.warn('sent outbox rows not deleted; the relay sends them again later', {
            error: String(error),
          });
        },
      )
      .finally(() => this.deletions.delete(deletion));
    this.deletions.add(deletion);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.detached(() =>
      setTimeout(() => {
        this.current = this.tick();
      }, delayMs),
    );
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let nextDelay = this.options.pollIntervalMs;
    try {
      do {
        this.wakeAgain = false;
        // Sending directly, only left-overs are the relay's; otherwise everything, in id order.
        const onlyStale = this.options.publishAfterCommit === true && !this.backlog;
        await this.enqueue(() => this.drainNow(onlyStale));
      } while (this.wakeAgain && !this.stopped);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      nextDelay = backoffDelay(this.failures, 200, 10000);
      const persistent =
        this.failures > (this.options.failuresBeforeError ?? DEFAULT_FAILURES_BEFORE_ERROR);
      this.logger[persistent ? 'error' : 'warn'](
        persistent
          ? 'outbox relay still failing; events wait in the outbox'
          : 'outbox relay failed; will retry',
        { error: String(error), failuresInARow: this.failures, retryInMs: nextDelay },
      );
    } finally {
      this.running = false;
    }
    if (!this.stopped) this.schedule(nextDelay);
  }

  private async drainNow(onlyStale: boolean): Promise<number> {
    let total = 0;
    for (;;) {
      const { sent, locked } = await this.relayOnce(onlyStale);
      total += sent;
      if (sent < this.options.batchSize) {
        // Empty under the relay lock: nothing committed is waiting, direct sends may resume.
        if (locked && !onlyStale) this.backlog = false;
        return total;
      }
    }
  }

  /**
   * One batch in one transaction of two round trips: BEGIN written with the statement that takes
   * the relay lock and deletes the oldest rows returning them; send; COMMIT. A failed send rolls the delete
   * back, so the rows stay for the next attempt; nothing is deleted that the broker did not
   * acknowledge. The commit does not wait for the WAL flush (`synchronous_commit` off for this
   * transaction only): should the database lose it in a crash, the rows come back and are sent
   * again with the same CloudEvent ids, which consumers' inboxes drop, the case the relay
   * already handles; the next batch does not wait for a disk flush.
   */
  private async relayOnce(onlyStale: boolean): Promise<{ sent: number; locked: boolean }> {
    // The oldest held records (commit order, as the batch takes the oldest rows), taken now: a
    // commit meanwhile may clear the map.
    const held = new Map<string, OutboxRecord>();
    for (const [id, record] of this.committed) {
      if (held.size >= this.options.batchSize) break;
      held.set(id, record);
    }
    return inPipelinedTransaction(this.dataSource, async ({ manager }) => {
      const rows = await manager.query<(OutboxRow & { locked: boolean })[]>(
        `WITH ${NO_WAL_FLUSH_WAIT},
         relay_lock AS (
           SELECT pg_try_advisory_xact_lock(hashtext('outbox-relay:' || current_schema())) AS locked
             FROM relay_settings),
         relayed AS (
           DELETE FROM outbox_events WHERE id IN (
             SELECT o.id FROM outbox_events o, relay_lock
              WHERE relay_lock.locked
                AND ($2::int IS NULL OR o.created_at < now() - make_interval(secs => $2::int / 1000.0))
              ORDER BY o.id LIMIT $1)
           RETURNING id, topic,
             -- A row this process holds (its id in $3) is not read back.
             CASE WHEN id = ANY($3::bigint[]) THEN NULL ELSE record_key END AS record_key,
             CASE WHEN id = ANY($3::bigint[]) THEN NULL ELSE record_value END AS record_value,
             CASE WHEN id = ANY($3::bigint[]) THEN NULL ELSE headers END AS headers)
         -- A SELECT on top: one row even when nothing was relayed, saying whether the lock was had.
         SELECT relayed.*, relay_lock.locked FROM relay_lock LEFT JOIN relayed ON true`,
        [
          this.options.batchSize,
          onlyStale ? (this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS) : null,
          `{${[...held.keys()].join(',')}}`,
        ],
      );
      const locked = rows[0]?.locked === true;
      const relayed = rows.filter((r) => r.id !== null);
      if (relayed.length === 0) return { sent: 0, locked };
      // RETURNING does not keep the subquery's order: commit order is id order.
      relayed.sort((a, b) => byOutboxId(a.id, b.id));
      const records: OutboxRecord[] = [];
      for (const r of relayed) {
        const mine = held.get(r.id);
        if (r.record_key !== null && r.record_value !== null && r.headers !== null) {
          records.push({
            id: r.id,
            topic: r.topic,
            record: { key: r.record_key, value: r.record_value, headers: r.headers },
          });
        } else if (mine) {
          records.push({ id: r.id, topic: mine.topic, record: mine.record });
        } else {
          // Cannot happen (only held ids are not read back); the delete rolls back.
          throw new Error(`outbox row ${r.id} was neither read back nor held`);
        }
      }
      await this.send(records);
      // Held rows up to the newest sent are gone (sent now, or before by another instance's
      // relay under the lock); one that committed late is read back with the next batch.
      const newest = relayed[relayed.length - 1]!.id;
      for (const id of held.keys()) {
        if (byOutboxId(id, newest) <= 0) this.committed.delete(id);
      }
      if (this.options.publishAfterCommit) {
        // Bounded: an id stays only until its commit's direct send asks for it, which is soon.
        if (this.relayedIds.size > RELAYED_IDS_KEPT) this.relayedIds.clear();
        for (const r of relayed) this.relayedIds.add(r.id);
      }
      return { sent: relayed.length, locked };
    });
  }

  /**
   * With tracing on, arms a timer outside the caller's trace: a timer keeps the context it was
   * made in, and the relay's timers re-arm themselves, so one HTTP request's trace would
   * otherwise collect every later poll's statements.
   */
  private detached<T>(arm: () => T): T {
    return this.tracing ? context.with(ROOT_CONTEXT, arm) : arm();
  }

  /** Sends in one request; with tracing on, each record under a PRODUCER span of its own. */
  private async send(records: readonly OutboxRecord[]): Promise<void> {
    if (!this.tracing) return this.producer.send(groupByTopic(records));
    const sends = this.tracing.startSends(records);
    try {
      await this.producer.send(groupByTopic(sends.records));
    } catch (error) {
      sends.end(error);
      throw error;
    }
    sends.end();
  }
}

/** Keeps record order within each topic, which is what per-member (per-key) order needs. */
function groupByTopic(records: readonly OutboxRecord[]): TopicRecords[] {
  const byTopic = new Map<string, EncodedRecord[]>();
  for (const { topic, record } of records) {
    const list = byTopic.get(topic) ?? [];
    list.push(record);
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([topic, list]) => ({ topic, records: list }));
}
