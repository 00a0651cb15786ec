import { context, type Tracer } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import {
  allTopics,
  consumerGroupId,
  ownConsumerOf,
  PLATFORM_SERVICES,
  type PlatformService,
  type TopicDefinition,
} from '@careflow/contracts';
import type { DataSource } from 'typeorm';
import { createKafkaClient } from './kafka/client';
import type { KafkaConnectionOptions } from './kafka/security';
import { ensureTopics, type TopicProvisioningOptions } from './kafka/topic-admin';
import { adoptGroupOffsets } from './kafka/group-offsets';
import { untilBrokerAnswers } from './kafka/broker-wait';
import { RecordProducer } from './kafka/record-producer';
import {
  EventConsumer,
  type ConsumerCounters,
  type EventConsumerOptions,
} from './consumer/event-consumer';
import type { TopicSubscription } from './consumer/subscription';
import { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
import { inPipelinedTransaction } from './outbox/pipelined-transaction';
import { UnitOfWork, type OutboxRecord } from './outbox/unit-of-work';
import type { MessagingLogger } from './logger';
import type { MessagingMetrics } from './observability/messaging-metrics';
import {
  consumerLag,
  inboxSizeEstimate,
  outboxBacklog,
  type OutboxBacklog,
  type PartitionLag,
} from './observability/backlog';
import { EventTracing } from './observability/tracing';

export interface MessagingRuntimeOptions {
  /** Brokers, TLS and SASL (`kafkaConnectionOptions`); its client id is the service name's. */
  readonly connection: KafkaConnectionOptions;
  /** Service name: consumer group and CloudEvent source. */
  readonly serviceName: string;
  /**
   * Consumer group id; default the service name. A topic read on a consumer of its own
   * (`TopicSubscription.consumer`) is in the group `<this group>.<consumer>`.
   */
  readonly consumerGroup?: string;
  readonly partitions: number;
  /** Replication factor and min.insync.replicas of created topics; default 1 and the broker's. */
  readonly replicationFactor?: number;
  readonly minInsyncReplicas?: number;
  readonly provisionTopics: boolean;
  readonly consumer: Omit<EventConsumerOptions, 'groupId' | 'source'>;
  readonly relay: OutboxRelayOptions;
  /** How long start waits for an unreachable broker (a restart in progress); default 120 s. */
  readonly brokerWaitMs?: number;
  /** Where the consumers report what they handle (a metrics registry); default nowhere. */
  readonly metrics?: MessagingMetrics;
  /**
   * Turns tracing on: spans per consumed event, per unit of work and per record sent (see
   * `observability/tracing.ts`). Without it (the default) no span is made and `traceparent`
   * still flows from each consumed event to the events published for it.
   */
  readonly tracer?: Tracer;
}

/**
 * A service's connection to the event backbone: topic provisioning, the transactional outbox and
 * its relay, and the consumer. HTTP use cases write through `transaction`, event handlers through
 * the consumer; both publish only what their transaction committed.
 */
export class MessagingRuntime {
  readonly kafka: Kafka;
  readonly source: string;
  private readonly producer: RecordProducer;
  private readonly relay: OutboxRelay;
  private consumers: EventConsumer[] = [];
  private started = false;
  private readonly tracing: EventTracing | undefined;

  constructor(
    private readonly options: MessagingRuntimeOptions,
    private readonly dataSource: DataSource,
    private readonly logger: MessagingLogger,
  ) {
    this.kafka = createKafkaClient(options.connection, logger);
    this.source = `urn:careflow:${options.serviceName}`;
    this.producer = new RecordProducer(this.kafka);
    this.tracing = options.tracer ? new EventTracing(options.tracer) : undefined;
    this.relay = new OutboxRelay(dataSource, this.producer, logger, options.relay, this.tracing);
  }

  /** Creates topics (when configured) and starts relaying the outbox. */
  async start(): Promise<void> {
    if (this.started) return;
    await untilBrokerAnswers(
      async () => {
        if (this.options.provisionTopics) {
          await ensureTopics(
            this.kafka,
            {
              partitions: this.options.partitions,
              ...this.deadLetterScope(),
              ...(this.options.replicationFactor !== undefined
                ? { replicationFactor: this.options.replicationFactor }
                : {}),
              ...(this.options.minInsyncReplicas !== undefined
                ? { minInsyncReplicas: this.options.minInsyncReplicas }
                : {}),
            },
            this.logger,
            this.provisionedTopics(),
          );
        }
        await this.producer.connect();
      },
      this.logger,
      this.options.brokerWaitMs ?? 120_000,
    );
    this.relay.start();
    this.started = true;
  }

  async startConsuming(subscriptions: readonly TopicSubscription[]): Promise<void> {
    this.checkCatalogConsumers(subscriptions);
    await this.start();
    const sharedGroup = this.options.consumerGroup ?? this.options.serviceName;
    const consumers = [...this.byConsumer(subscriptions)].map(([name, own]) => {
      const groupId = consumerGroupId(sharedGroup, name);
      return new EventConsumer(
        this.kafka,
        this.dataSource,
        this.producer,
        this.logger,
        own,
        {
          ...this.options.consumer,
          groupId,
          source: this.source,
          partitionsPerTopic: this.options.partitions,
        },
        (records) => this.relay.afterCommit(records),
        this.options.metrics,
        this.tracing,
      );
    });
    this.consumers = consumers;
    for (const consumer of consumers)
      await untilBrokerAnswers(
        async () => {
          if (consumer.groupId !== sharedGroup)
            await adoptGroupOffsets(
              this.kafka,
              { from: sharedGroup, to: consumer.groupId, topics: consumer.topics },
              this.logger,
            );
          await consumer.start();
        },
        this.logger,
        this.options.brokerWaitMs ?? 120_000,
      );
  }

  /**
   * Runs `work` in one transaction whose published events reach Kafka only after commit. They
   * continue `traceparent` (the HTTP request's); with tracing on, the work gets a span, child of
   * the active span (the request's server span) or else of `traceparent`.
   */
  async transaction<T>(
    work: (unitOfWork: UnitOfWork) => Promise<T>,
    traceparent?: string,
  ): Promise<T> {
    const trace = this.tracing?.startWork(traceparent);
    let published: OutboxRecord[] = [];
    let facts: UnitOfWork['facts'] = [];
    const run = (): Promise<T> =>
      inPipelinedTransaction(this.dataSource, async (transaction) => {
        const scope = trace ? { trace } : {};
        const unitOfWork = new UnitOfWork(transaction.manager, this.source, traceparent, scope);
        const value = await work(unitOfWork);
        published = await unitOfWork.flush((sql, params) => transaction.commitWith(sql, params));
        facts = unitOfWork.facts;
        return value;
      });
    let result: T;
    try {
      result = trace ? await context.with(trace.context, run) : await run();
    } catch (error) {
      trace?.end(error);
      throw error;
    }
    trace?.end();
    if (published.length + facts.length > 0)
      this.options.metrics?.eventsCommitted([...published, ...facts]);
    await this.relay.afterCommit(published);
    return result;
  }

  /** Sends everything committed to the outbox now (tests, shutdown). */
  async flushOutbox(): Promise<number> {
    return this.relay.drain();
  }

  /** What the consumers handled since start, summed over them. */
  get consumerCounters(): ConsumerCounters | undefined {
    if (this.consumers.length === 0) return undefined;
    const sum: ConsumerCounters = {
      handled: 0,
      duplicates: 0,
      deadLettered: 0,
      transientFailures: 0,
    };
    for (const { counters } of this.consumers)
      for (const key of Object.keys(sum) as (keyof ConsumerCounters)[]) sum[key] += counters[key];
    return sum;
  }

  /** Groups whose consumer has not joined yet or left (readiness waits for none). */
  get groupsNotJoined(): string[] {
    return this.consumers.filter((c) => !c.isConnected).map((c) => c.groupId);
  }

  /** Lag of each consumer group of this service, per partition (for metrics). */
  async consumerLag(): Promise<PartitionLag[]> {
    return consumerLag(
      this.kafka,
      this.consumers.map((c) => ({ group: c.groupId, topics: c.topics })),
    );
  }

  /** The outbox's backlog and the inbox's size (for metrics). */
  async storeBacklog(): Promise<OutboxBacklog & { readonly inboxSize: number }> {
    const [outbox, inboxSize] = await Promise.all([
      outboxBacklog(this.dataSource),
      inboxSizeEstimate(this.dataSource),
    ]);
    return { ...outbox, inboxSize };
  }

  /** True while every consumer is in its group (for readiness). */
  get isConsuming(): boolean {
    return this.consumers.length > 0 && this.consumers.every((c) => c.isConnected);
  }

  /** Readiness: the broker answers a metadata request in time. */
  async checkBroker(timeoutMs = 3000): Promise<void> {
    const admin = this.kafka.admin();
    const attempt = (async () => {
      await admin.connect();
      try {
        await admin.describeCluster();
      } finally {
        await admin.disconnect();
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
      attempt.catch(() => undefined);
    }
  }

  async stopConsuming(): Promise<void> {
    const consumers = this.consumers;
    this.consumers = [];
    await Promise.all(consumers.map((c) => c.stop()));
  }

  private get platformService(): PlatformService | undefined {
    return PLATFORM_SERVICES.find((s) => s === this.options.serviceName);
  }

  /**
   * A platform service creates the topics it reads or writes and the dead-letter topics of those
   * it reads (its Kafka principal may create only those); any other runtime (tests, tools) the
   * whole catalog.
   */
  private provisionedTopics(): readonly TopicDefinition[] {
    const service = this.platformService;
    if (service === undefined) return allTopics;
    return allTopics.filter(
      (t) =>
        (t.consumedBy?.includes(service) ?? false) || (t.producedBy?.includes(service) ?? false),
    );
  }

  /**
   * The catalog's `consumedBy` is what the Kafka ACLs grant: a platform service reading a topic
   * the catalog does not list for it would be refused by a secured broker, so it fails here first.
   */
  private checkCatalogConsumers(subscriptions: readonly TopicSubscription[]): void {
    const service = this.platformService;
    if (service === undefined) return;
    const unlisted = subscriptions
      .map((s) => s.topic)
      .filter((t) => !(t.consumedBy?.includes(service) ?? false))
      .map((t) => t.name);
    if (unlisted.length > 0)
      throw new Error(
        `${service} consumes ${unlisted.join(', ')}, which the topic catalog does not list in consumedBy (libs/contracts): add it there so its Kafka ACLs allow the read`,
      );
  }

  private deadLetterScope(): Pick<TopicProvisioningOptions, 'withDeadLetter'> {
    const service = this.platformService;
    return service === undefined
      ? {}
      : { withDeadLetter: (t) => t.consumedBy?.includes(service) ?? false };
  }

  /**
   * Subscriptions by the consumer that reads them: `undefined` is the service's shared consumer;
   * a topic gets its own where the subscription or the contract's consumer groups say so.
   */
  private byConsumer(
    subscriptions: readonly TopicSubscription[],
  ): Map<string | undefined, TopicSubscription[]> {
    const consumers = new Map<string | undefined, TopicSubscription[]>();
    for (const subscription of subscriptions) {
      const name =
        subscription.consumer ?? ownConsumerOf(this.options.serviceName, subscription.topic.name);
      consumers.set(name, [...(consumers.get(name) ?? []), subscription]);
    }
    return consumers;
  }

  /** Drains the consumer, relays what was committed, disconnects. Safe to call twice. */
  async stop(): Promise<void> {
    await this.stopConsuming();
    if (!this.started) return;
    this.started = false;
    await this.relay.stop();
    await this.producer.disconnect();
  }
}
