import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { TopicDefinition } from '@careflow/contracts';
import type { MessagingMetrics, MessagingRuntime } from '@careflow/messaging';

/** Seconds: from a millisecond handler to a minute-long replay of a backlog. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

interface PgPool {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * One Prometheus registry per service instance: the process, the event backbone, HTTP and the
 * database pool, plus what the service registers for its own business figures. No label ever
 * carries a member id or any other value of an event or request: topics, routes, statuses,
 * vendors and criteria only.
 */
export class PlatformMetrics implements MessagingMetrics {
  readonly registry = new Registry();
  private readonly eventsHandled: Counter<'topic'>;
  private readonly eventsDuplicate: Counter<'topic'>;
  private readonly eventsRetried: Counter<'topic' | 'error_class'>;
  private readonly eventsDeadLettered: Counter<'topic' | 'error_class'>;
  private readonly chunkSeconds: Histogram<'topic'>;
  private readonly endToEndSeconds: Histogram<'topic'>;
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpSeconds: Histogram<'method' | 'route'>;
  private readonly collectionErrors: Counter<'source'>;
  /** What counts committed events and facts, by topic or fact name (business counters). */
  private readonly committedObservers = new Map<string, ((data: unknown) => void)[]>();

  constructor(serviceName: string) {
    this.registry.setDefaultLabels({ service: serviceName });
    collectDefaultMetrics({ register: this.registry });
    this.eventsHandled = this.counter({
      name: 'careflow_events_handled_total',
      help: 'Events whose effects were committed, by topic.',
      labelNames: ['topic'],
    });
    this.eventsDuplicate = this.counter({
      name: 'careflow_events_duplicate_total',
      help: 'Redelivered events the inbox dropped, by topic.',
      labelNames: ['topic'],
    });
    this.eventsRetried = this.counter({
      name: 'careflow_events_retried_total',
      help: 'Handler attempts that failed and were retried, by topic and error class.',
      labelNames: ['topic', 'error_class'],
    });
    this.eventsDeadLettered = this.counter({
      name: 'careflow_events_dead_lettered_total',
      help: 'Records sent to <topic>.dlq, by topic and error class.',
      labelNames: ['topic', 'error_class'],
    });
    this.chunkSeconds = this.histogram({
      name: 'careflow_event_chunk_handling_seconds',
      help: 'Time to handle and commit one chunk of events (one transaction), by topic.',
      labelNames: ['topic'],
      buckets: LATENCY_BUCKETS,
    });
    this.endToEndSeconds = this.histogram({
      name: 'careflow_event_end_to_end_seconds',
      help: "From an event's CloudEvent time to the commit of its effects, by topic.",
      labelNames: ['topic'],
      buckets: LATENCY_BUCKETS,
    });
    this.httpRequests = this.counter({
      name: 'careflow_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
    });
    this.httpSeconds = this.histogram({
      name: 'careflow_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route template.',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
    });
    this.collectionErrors = this.counter({
      name: 'careflow_metrics_collection_errors_total',
      help: 'Scrapes that could not read a source (broker or database), by source.',
      labelNames: ['source'],
    });
  }

  counter<T extends string>(configuration: CounterConfiguration<T>): Counter<T> {
    return new Counter({ ...configuration, registers: [this.registry] });
  }

  gauge<T extends string>(configuration: GaugeConfiguration<T>): Gauge<T> {
    return new Gauge({ ...configuration, registers: [this.registry] });
  }

  histogram<T extends string>(configuration: HistogramConfiguration<T>): Histogram<T> {
    return new Histogram({ ...configuration, registers: [this.registry] });
  }

  chunkCommitted(
    topic: string,
    observation: Parameters<MessagingMetrics['chunkCommitted']>[1],
  ): void {
    this.eventsHandled.inc({ topic }, observation.handled);
    if (observation.duplicates > 0) this.eventsDuplicate.inc({ topic }, observation.duplicates);
    this.chunkSeconds.observe({ topic }, observation.seconds);
    for (const age of observation.eventAgesSeconds) this.endToEndSeconds.observe({ topic }, age);
  }

  handlerRetried(topic: string, errorClass: string): void {
    this.eventsRetried.inc({ topic, error_class: errorClass });
  }

  deadLettered(topic: string, errorClass: string): void {
    this.eventsDeadLettered.inc({ topic, error_class: errorClass });
  }

  eventsCommitted(events: readonly { readonly topic: string; readonly data?: unknown }[]): void {
    if (this.committedObservers.size === 0) return;
    for (const { topic, data } of events) {
      if (data === undefined) continue;
      for (const observe of this.committedObservers.get(topic) ?? []) observe(data);
    }
  }

  /**
   * Calls `observe` with the data of every `topic` event this instance publishes, once the
   * transaction that published it has committed: a business fact is counted where it becomes
   * final, and a rolled-back attempt counts nothing.
   */
  onCommitted<T extends z.ZodType>(
    topic: TopicDefinition<string, T>,
    observe: (data: z.output<T>) => void,
  ): void {
    this.onFactCommitted(topic.name, observe as (data: unknown) => void);
  }

  /** Calls `observe` with the data of every fact `name` noted by a committed transaction. */
  onFactCommitted(name: string, observe: (data: unknown) => void): void {
    const observers = this.committedObservers.get(name) ?? [];
    observers.push(observe);
    this.committedObservers.set(name, observers);
  }

  /** A scrape could not read `source`: its figures are left out of that scrape. */
  collectionFailed(source: 'kafka' | 'database'): void {
    this.collectionErrors.inc({ source });
  }

  /**
   * prom-client collects a scrape's metrics concurrently: gauges fed by one read share it while
   * it is in flight, instead of reading once each.
   */
  oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
    let inFlight: Promise<T> | undefined;
    return () => {
      inFlight ??= read().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    };
  }

  httpAnswered(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpSeconds.observe({ method, route }, seconds);
  }

  /**
   * Figures read when Prometheus scrapes: consumer lag from the broker, the outbox backlog and
   * inbox size from the database, the connection pool. A source that does not answer leaves its
   * figures out of that scrape (and counts the failure) rather than failing the scrape.
   */
  watch(messaging: MessagingRuntime, dataSource: DataSource): void {
    const collectionFailed = (source: 'kafka' | 'database'): void => this.collectionFailed(source);
    this.gauge({
      name: 'careflow_consumer_lag',
      help: "Records after the consumer group's committed offset, by group, topic and partition.",
      labelNames: ['group', 'topic', 'partition'],
      async collect() {
        this.reset();
        try {
          for (const { group, topic, partition, lag } of await messaging.consumerLag()) {
            this.set({ group, topic, partition: String(partition) }, lag);
          }
        } catch {
          collectionFailed('kafka');
        }
      },
    });
    // The three gauges below share one read of the outbox and inbox per scrape.
    const backlog = this.oncePerScrape(() => messaging.storeBacklog());
    const fromStore = (
      name: string,
      help: string,
      pick: (b: Awaited<ReturnType<typeof backlog>>) => number,
    ): void => {
      this.gauge({
        name,
        help,
        async collect() {
          try {
            this.set(pick(await backlog()));
          } catch {
            collectionFailed('database');
          }
        },
      });
    };
    fromStore(
      'careflow_outbox_waiting',
      'Events committed and not yet sent to Kafka.',
      (b) => b.waiting,
    );
    fromStore(
      'careflow_outbox_oldest_age_seconds',
      'Age of the oldest event waiting in the outbox (0 when none waits).',
      (b) => b.oldestSeconds,
    );
    fromStore(
      'careflow_inbox_ids',
      'Handled event ids the inbox keeps (estimate).',
      (b) => b.inboxSize,
    );
    this.gauge({
      name: 'careflow_db_pool_connections',
      help: 'Database pool connections by state (in use, idle, requests waiting for one).',
      labelNames: ['state'],
      collect() {
        const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
        if (!pool) return;
        this.set({ state: 'in-use' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
