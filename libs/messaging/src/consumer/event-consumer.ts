import { context } from '@opentelemetry/api';
import type { Batch, Consumer, Kafka, TopicPartitionOffset } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import type { RawRecord } from '../cloudevents/decode';
import { isPermanent, describeError } from '../errors';
import { sendToDeadLetter } from '../kafka/dead-letter';
import type { RecordProducer } from '../kafka/record-producer';
import type { MessagingLogger } from '../logger';
import { claimFirstDeliveries, firstOccurrences } from '../inbox/inbox';
import { inPipelinedTransaction } from '../outbox/pipelined-transaction';
import { UnitOfWork, type OutboxRecord } from '../outbox/unit-of-work';
import { backoffDelay, sleep } from './backoff';
import { decodeChunk, type Delivery } from './chunk-decoder';
import type { TopicSubscription } from './subscription';
import {
  ageInSeconds,
  noMessagingMetrics,
  type MessagingMetrics,
} from '../observability/messaging-metrics';
import type { EventTracing, UnitOfWorkTrace } from '../observability/tracing';
import { asError } from '@careflow/contracts';

export interface EventConsumerOptions {
  readonly groupId: string;
  /** CloudEvent `source` of the events this service produces while handling. */
  readonly source: string;
  /**
   * Chunks (of `maxChunkSize` events) in transactions at once: the running transactions hold at
   * most that many chunks' worth of events. Chunks waiting for room join the next transaction of
   * their topic (see `handleShared`).
   */
  readonly partitionsConsumedConcurrently: number;
  /**
   * Partitions of each subscribed topic (the platform's `KAFKA_PARTITIONS`): the consumer has
   * kafkajs hand in every partition of a fetch at once (topics × this), since kafkajs fetches
   * again only when all batches of a fetch are handled. With fewer workers than partitions with
   * data, a fetch's batches were handled in rounds, one transaction after another, and an event
   * waited for every round before its own: the tail of case-management's latency at a steady
   * rate. Unset: `partitionsConsumedConcurrently` batches at once.
   */
  readonly partitionsPerTopic?: number;
  /** Events handled in one transaction. */
  readonly maxChunkSize: number;
  /**
   * Most bytes one fetch answers with (kafkajs `maxBytes`, default 10 MiB): the records of a
   * fetch are decoded and held until handled, so this bounds the consumer's memory.
   */
  readonly fetchMaxBytes?: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /**
   * 0: offsets are committed after every batch, before the next fetch. Above 0: at most this
   * often, off the path from fetch to fetch; a crash then re-delivers up to that much, which the
   * inbox drops.
   */
  readonly commitIntervalMs?: number;
}

export interface ConsumerCounters {
  handled: number;
  duplicates: number;
  deadLettered: number;
  transientFailures: number;
}

interface BatchControl {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** What a committed chunk's transaction handled, published and noted. */
interface TransactionOutcome {
  readonly handled: number;
  readonly published: OutboxRecord[];
  readonly facts: UnitOfWork['facts'];
}

/** Thrown to abandon a batch without committing: the rebalance or shutdown re-delivers it. */
class BatchAbandoned extends Error {}

/** A chunk waiting to share a transaction with the chunks of other partitions of its topic. */
interface WaitingChunk {
  readonly deliveries: readonly Delivery[];
  readonly done: (error?: Error) => void;
}

/**
 * Runs a kafkajs consumer with the delivery rules the platform promises.
 *
 * kafkajs (and the Nest Kafka transport on top of it) retries a throwing handler forever and
 * blocks the partition, with no distinction between a message that can never succeed and an
 * outage (kafkajs #1473, nestjs/nest #14664). Here the distinction is explicit:
 * - undecodable or schema-invalid records, and events the handler rejects permanently, go to
 *   `<topic>.dlq` with the reason before the offset moves past them;
 * - any other failure is retried with capped exponential backoff while the heartbeat is kept
 *   alive; the offset is never committed past a record whose effects are not stored.
 * Records are handled per partition in order (key = member id, so per-member order holds), a
 * chunk of them in one transaction together with the inbox claim and the outbox writes. Chunks of
 * the same topic that partitions hand in at the same moment (the batches of one fetch, handled
 * concurrently) share that transaction: one handler call, one inbox claim, one commit for all of
 * them instead of one each. Each partition's events stay in order and a member's events are all
 * in one partition, so order holds; should the shared transaction fail, each chunk is retried in
 * a transaction of its own, so a poison event or a retry concerns only its own chunk.
 */
export class EventConsumer {
  readonly counters: ConsumerCounters = {
    handled: 0,
    duplicates: 0,
    deadLettered: 0,
    transientFailures: 0,
  };
  private consumer: Consumer | undefined;
  private readonly subscriptions: Map<string, TopicSubscription>;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private connected = false;
  /** Chunks handed in during the current turn of the event loop, by topic. */
  private readonly waiting = new Map<
    string,
    { subscription: TopicSubscription; chunks: WaitingChunk[] }
  >();
  private sharedRunScheduled = false;
  /** Events in the shared transactions running now (see `runShared`). */
  private sharedInFlight = 0;
  /** Next offsets to read, by topic-partition, handled but not committed yet (commitIntervalMs). */
  private readonly uncommitted = new Map<string, TopicPartitionOffset>();
  private commitTimer: NodeJS.Timeout | undefined;
  private committing: Promise<void> | undefined;
  /** The output of the last committed chunk, while it is being sent (see `handleInTransaction`). */
  private outputInFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly producer: RecordProducer,
    private readonly logger: MessagingLogger,
    subscriptions: readonly TopicSubscription[],
    private readonly options: EventConsumerOptions,
    /** Sends (or hands to the relay) what a committed transaction wrote to the outbox. */
    private readonly afterCommit: (records: readonly OutboxRecord[]) => Promise<void>,
    private readonly metrics: MessagingMetrics = noMessagingMetrics,
    /** Spans for the events handled; undefined (tracing off): none. */
    private readonly tracing?: EventTracing,
  ) {
    this.subscriptions = new Map(subscriptions.map((s) => [s.topic.name, s]));
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): string[] {
    return [...this.subscriptions.keys()];
  }

  /** True while the consumer is connected to the group (for readiness). */
  get isConnected(): boolean {
    return this.connected;
  }

  async start(): Promise<void> {
    this.stopping = false;
    if (this.subscriptions.size === 0) return;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      allowAutoTopicCreation: false,
      ...(this.options.fetchMaxBytes !== undefined ? { maxBytes: this.options.fetchMaxBytes } : {}),
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10000 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.connected = true;
      // Offsets of partitions handled before the rebalance belong to whoever has them now; what
      // they re-deliver, the inbox drops.
      this.uncommitted.clear();
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.connected = false;
      const { error, restart } = event.payload as { error: Error; restart: boolean };
      this.logger.error('consumer crashed', {
        groupId: this.options.groupId,
        // A crash can carry a handler's or the database's error: value-free like every other.
        ...describeErrorFields(error),
        restart,
      });
      // kafkajs restarts by itself after retriable errors; after any other crash we do it.
      if (!restart && !this.stopping) this.scheduleRestart();
    });
    consumer.on(consumer.events.STOP, () => {
      this.connected = false;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    const commitEveryBatch = (this.options.commitIntervalMs ?? 0) === 0;
    if (!commitEveryBatch) {
      this.commitTimer = setInterval(() => {
        void this.commitHandled(consumer);
      }, this.options.commitIntervalMs);
    }
    await consumer.run({
      autoCommit: commitEveryBatch,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(
        this.options.partitionsConsumedConcurrently,
        this.subscriptions.size * (this.options.partitionsPerTopic ?? 0),
      ),
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        commitOffsetsIfNecessary,
        isRunning,
        isStale,
      }) => {
        const control: BatchControl = { heartbeat, isRunning, isStale };
        try {
          await this.consumeBatch(batch, control, async (offset) => {
            resolveOffset(offset);
            if (commitEveryBatch) await commitOffsetsIfNecessary();
            else
              this.uncommitted.set(`${batch.topic}:${batch.partition}`, {
                topic: batch.topic,
                partition: batch.partition,
                offset: (BigInt(offset) + 1n).toString(),
              });
          });
        } catch (error) {
          if (error instanceof BatchAbandoned) return;
          throw error;
        }
      },
    });
  }

  /** Drains the batch in flight, commits what it handled and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    this.connected = false;
    if (this.commitTimer) clearInterval(this.commitTimer);
    if (consumer) {
      await this.commitHandled(consumer);
      await consumer.disconnect();
    }
  }

  /** Commits the offsets handled since the last commit (with commitIntervalMs). */
  private async commitHandled(consumer: Consumer): Promise<void> {
    if (this.committing) await this.committing;
    if (this.uncommitted.size === 0) return;
    const offsets = [...this.uncommitted.entries()];
    this.uncommitted.clear();
    this.committing = consumer
      .commitOffsets(offsets.map(([, offset]) => offset))
      .catch((error: unknown) => {
        // Kept for the next attempt unless a later offset of the partition came meanwhile.
        for (const [key, offset] of offsets)
          if (!this.uncommitted.has(key)) this.uncommitted.set(key, offset);
        this.logger.warn(
          'offsets not committed; will retry (events re-delivered meanwhile are dropped by the inbox)',
          {
            error: describeError(error).message.slice(0, 300),
          },
        );
      })
      .finally(() => {
        this.committing = undefined;
      });
    await this.committing;
  }

  private scheduleRestart(): void {
    this.restartTimer = setTimeout(() => {
      void this.restart();
    }, 2000);
  }

  private async restart(): Promise<void> {
    try {
      await this.stop();
      await this.start();
      this.logger.info('consumer restarted', { groupId: this.options.groupId });
    } catch (error) {
      this.logger.error('consumer restart failed; retrying', {
        error: describeError(error).message,
      });
      this.stopping = false;
      this.scheduleRestart();
    }
  }

  /**
   * Handles a partition's batch chunk by chunk, in order. While a chunk's transaction waits on the
   * database, the next chunk is decoded: the service's main thread is what a replay waits on, and
   * it would otherwise sit idle for the database's share of every chunk.
   */
  private async consumeBatch(
    batch: Batch,
    control: BatchControl,
    commit: (offset: string) => Promise<void>,
  ): Promise<void> {
    const subscription = this.subscriptions.get(batch.topic);
    if (!subscription) return;
    const size = this.options.maxChunkSize;
    let next = decodeChunk(batch, subscription, 0, size);
    for (let start = 0; start < batch.messages.length; start += size) {
      const chunk = await next;
      if (!control.isRunning() || control.isStale()) return;
      for (const { record, error } of chunk.undecodable) {
        await this.deadLetter(record, error, control);
      }
      const handled = this.handleWithRetry(subscription, chunk.deliveries, control);
      if (start + size < batch.messages.length) {
        next = decodeChunk(batch, subscription, start + size, size);
      }
      await handled;
      if (chunk.lastOffset !== undefined) await commit(chunk.lastOffset);
      await control.heartbeat();
    }
  }

  private async handleWithRetry(
    subscription: TopicSubscription,
    deliveries: readonly Delivery[],
    control: BatchControl,
    share = true,
  ): Promise<void> {
    if (deliveries.length === 0) return;
    if (share) {
      try {
        await this.withHeartbeat(control, () => this.handleShared(subscription, deliveries));
        return;
      } catch {
        // Whichever chunk failed the shared transaction, each one now runs alone below, where
        // only its own failure decides between retry and dead letter.
      }
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.withHeartbeat(control, () => this.handleInTransaction(subscription, deliveries));
        return;
      } catch (error) {
        if (isPermanent(error)) {
          if (deliveries.length === 1 && deliveries[0]) {
            await this.deadLetter(deliveries[0].record, error, control);
            return;
          }
          // One event of the chunk is poison: replay the chunk one event per transaction so
          // only that event is dead-lettered and the others keep their effects.
          for (const delivery of deliveries)
            await this.handleWithRetry(subscription, [delivery], control, false);
          return;
        }
        this.counters.transientFailures += 1;
        this.metrics.handlerRetried(subscription.topic.name, describeError(error).errorClass);
        const delay = backoffDelay(attempt, this.options.retryInitialMs, this.options.retryMaxMs);
        this.logger.warn('handler failed; retrying without committing', {
          topic: subscription.topic.name,
          partition: deliveries[0]?.record.partition,
          offset: deliveries[0]?.record.offset,
          attempt,
          retryInMs: delay,
          ...describeErrorFields(error),
        });
        await this.pause(delay, control);
      }
    }
  }

  /**
   * Queues a chunk for the next transaction of its topic and resolves or rejects with that
   * transaction. Chunks handed in during the same turn of the event loop (the partitions of one
   * fetch), and those that wait for room (`runShared`), share one transaction (a chunk is never
   * split); each partition hands in its next chunk only after this one, so its events stay in
   * order.
   */
  private handleShared(
    subscription: TopicSubscription,
    deliveries: readonly Delivery[],
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const topic = subscription.topic.name;
      const group = this.waiting.get(topic) ?? { subscription, chunks: [] };
      group.chunks.push({
        deliveries,
        done: (error?: Error) => (error === undefined ? resolve() : reject(error)),
      });
      this.waiting.set(topic, group);
      this.scheduleShared();
    });
  }

  private scheduleShared(): void {
    if (this.sharedRunScheduled) return;
    this.sharedRunScheduled = true;
    setImmediate(() => this.runShared());
  }

  /**
   * Starts transactions for waiting chunks, the topic waiting longest first, while the events in
   * running transactions stay within `maxChunkSize` × `partitionsConsumedConcurrently`: what that
   * many partitions' chunks at once held before, so a replay's transactions and memory are as
   * they were, while at a steady rate every topic's few events go at once.
   */
  private runShared(): void {
    this.sharedRunScheduled = false;
    const budget =
      this.options.maxChunkSize * Math.max(1, this.options.partitionsConsumedConcurrently);
    for (;;) {
      // Map order is insertion order: the first topic is the one whose chunks came first.
      const first = this.waiting.entries().next();
      if (first.done) return;
      const [topic, group] = first.value;
      const taken = takeChunks(
        group.chunks,
        budget - this.sharedInFlight,
        this.sharedInFlight === 0,
      );
      // The topic that waited longest goes first: nothing overtakes it while it does not fit.
      if (taken.length === 0) return;
      // What is left goes behind the other topics, which have waited longer.
      this.waiting.delete(topic);
      if (group.chunks.length > 0) this.waiting.set(topic, group);
      const events = taken.reduce((n, c) => n + c.deliveries.length, 0);
      this.sharedInFlight += events;
      this.handleInTransaction(
        group.subscription,
        taken.flatMap((c) => c.deliveries),
      )
        .then(
          () => taken.forEach((c) => c.done()),
          (error: unknown) => {
            const failure = asError(error);
            taken.forEach((c) => c.done(failure));
          },
        )
        .finally(() => {
          this.sharedInFlight -= events;
          if (this.waiting.size > 0) this.scheduleShared();
        });
    }
  }

  private async handleInTransaction(
    subscription: TopicSubscription,
    deliveries: readonly Delivery[],
  ): Promise<void> {
    const started = performance.now();
    const events = deliveries.map((d) => d.event);
    const topic = subscription.topic.name;
    // Tracing off (the default): no span, no context switch, the event path as it always was.
    const trace = this.tracing?.startChunk(topic, this.options.groupId, events);
    let outcome: TransactionOutcome;
    try {
      outcome = trace
        ? await context.with(trace.context, () => this.transact(subscription, events, trace))
        : await this.transact(subscription, events, undefined);
    } catch (error) {
      trace?.end(error);
      throw error;
    }
    trace?.end();
    const { handled, published, facts } = outcome;
    // Counted once committed: a rolled-back attempt is retried and counted then.
    this.counters.duplicates += events.length - handled;
    this.counters.handled += handled;
    this.observeCommit(topic, events, handled, started);
    if (published.length + facts.length > 0) this.metrics.eventsCommitted([...published, ...facts]);
    // Never rejects, so a committed chunk is not retried. The next chunk (and the next fetch) need
    // not wait for this one's output to reach the broker: sends keep commit order on the relay's
    // queue, and the committed outbox rows cover a crash or a failed send meanwhile. One chunk's
    // output at most is in flight, so a slow broker still holds the consumer back.
    const previous = this.outputInFlight;
    this.outputInFlight = this.afterCommit(published);
    await previous;
  }

  /** One transaction: the inbox claim, the handler's writes and the outbox insert. */
  private async transact(
    subscription: TopicSubscription,
    events: readonly ConsumedEvent[],
    trace: UnitOfWorkTrace | undefined,
  ): Promise<TransactionOutcome> {
    return inPipelinedTransaction(this.dataSource, async (transaction) => {
      const manager = transaction.manager;
      const fresh =
        subscription.deduplication === 'handler'
          ? firstOccurrences(events)
          : await claimFirstDeliveries(manager, events);
      trace?.markDuplicates(events, fresh);
      if (fresh.length === 0) return { handled: 0, published: [], facts: [] };
      const unitOfWork = new UnitOfWork(manager, this.options.source, fresh[0]?.traceparent, {
        events: fresh,
        ...(trace ? { trace } : {}),
      });
      await subscription.handle(fresh, unitOfWork);
      const published = await unitOfWork.flush((sql, params) =>
        transaction.commitWith(sql, params),
      );
      return { handled: fresh.length, published, facts: unitOfWork.facts };
    });
  }

  private async deadLetter(
    record: RawRecord,
    error: unknown,
    control: BatchControl,
  ): Promise<void> {
    const { errorClass, message } = describeError(error);
    this.logger.warn('event sent to dead-letter topic', {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      errorClass,
      // Validation messages name fields of the contract, never values of the event.
      failure: message.slice(0, 500),
    });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await sendToDeadLetter(this.producer, record, error);
        this.counters.deadLettered += 1;
        this.metrics.deadLettered(record.topic, errorClass);
        return;
      } catch (sendError) {
        await this.pause(
          backoffDelay(attempt, this.options.retryInitialMs, this.options.retryMaxMs),
          control,
        );
        this.logger.warn('dead-letter publish failed; retrying', describeErrorFields(sendError));
      }
    }
  }

  private observeCommit(
    topic: string,
    events: readonly { readonly time: string }[],
    handled: number,
    started: number,
  ): void {
    const now = Date.now();
    const eventAgesSeconds: number[] = [];
    for (const event of events) {
      const age = ageInSeconds(event.time, now);
      if (age !== undefined) eventAgesSeconds.push(age);
    }
    this.metrics.chunkCommitted(topic, {
      handled,
      duplicates: events.length - handled,
      seconds: (performance.now() - started) / 1000,
      eventAgesSeconds,
    });
  }

  /** Waits while keeping the group session alive; abandons the batch on rebalance or shutdown. */
  private async pause(ms: number, control: BatchControl): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!control.isRunning() || control.isStale() || this.stopping) throw new BatchAbandoned();
      await sleep(Math.min(1000, until - Date.now()));
      await control.heartbeat().catch(() => undefined);
    }
  }

  /** Long handlers must not make the broker think the consumer died. */
  private async withHeartbeat<T>(control: BatchControl, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      control.heartbeat().catch(() => undefined);
    }, this.options.heartbeatIntervalMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }
}

/**
 * Takes from the front of `chunks` (removing them) the chunks of one transaction: in order, as
 * many as fit in `room` events; with `atLeastOne`, the first even if it does not fit (a chunk is
 * never split, and with nothing running it must go).
 */
export function takeChunks<T extends { readonly deliveries: readonly unknown[] }>(
  chunks: T[],
  room: number,
  atLeastOne: boolean,
): T[] {
  let events = 0;
  let count = 0;
  while (count < chunks.length) {
    const size = chunks[count]!.deliveries.length;
    if (events + size > room && !(atLeastOne && count === 0)) break;
    events += size;
    count += 1;
  }
  return chunks.splice(0, count);
}

function describeErrorFields(error: unknown): Record<string, string> {
  const { errorClass, message } = describeError(error);
  return { errorClass, error: message.slice(0, 300) };
}
