import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type Consumer, type Producer } from 'kafkajs';
import { allTopics, asError } from '@careflow/contracts';
import { encodeEvent, ensureTopics } from '@careflow/messaging';
import { JsonLogger, kafkaConnectionFromEnv } from '@careflow/platform';
import { since, sleep } from './stats';

export interface BenchRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * A plain kafkajs client (the baselines' client: kafkajs' own socket, no logging) with the TLS
 * and SASL settings of the environment (KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*).
 */
export function kafkaClient(brokers: readonly string[], clientId: string): Kafka {
  const { ssl, sasl } = kafkaConnectionFromEnv(clientId, {
    ...process.env,
    KAFKA_BROKERS: brokers.join(','),
  });
  return new Kafka({
    clientId,
    brokers: [...brokers],
    ...(ssl !== undefined ? { ssl } : {}),
    ...(sasl !== undefined ? { sasl } : {}),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8 },
    logLevel: logLevel.NOTHING,
  });
}

const SOURCE = 'urn:careflow:bench';

/**
 * Binary-mode CloudEvent exactly as `encodeEvent` of @careflow/messaging writes it, without the
 * SDK's per-event validation (190 µs an event, which would dominate a 1M-event publish).
 * `checkFastEncoding` proves the two agree before any benchmark publishes.
 */
export function fastEncode(
  type: string,
  key: string,
  data: unknown,
  id: string = randomUUID(),
  time: string = new Date().toISOString(),
): BenchRecord {
  return {
    key,
    value: JSON.stringify(data),
    headers: {
      'content-type': 'application/json',
      ce_id: id,
      ce_time: time,
      ce_type: type,
      ce_source: SOURCE,
      ce_specversion: '1.0',
      ce_datacontenttype: 'application/json',
      ce_partitionkey: key,
    },
  };
}

export function checkFastEncoding(): void {
  const data = { memberId: 'BENCH-1', nested: { a: [1, 2] }, s: 'é' };
  const time = new Date().toISOString();
  const reference = encodeEvent({
    id: 'id-1',
    type: 'coverage.updated',
    source: SOURCE,
    key: 'BENCH-1',
    data,
    time,
  });
  const fast = fastEncode('coverage.updated', 'BENCH-1', data, 'id-1', time);
  const sortKeys = (h: Record<string, string>) =>
    JSON.stringify(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)));
  if (
    reference.key !== fast.key ||
    reference.value !== fast.value ||
    sortKeys(reference.headers) !== sortKeys(fast.headers)
  ) {
    throw new Error(
      `bench encoding differs from encodeEvent: ${JSON.stringify(reference)} vs ${JSON.stringify(fast)}`,
    );
  }
}

/** Creates the platform's topics (and their DLQs) with the benchmark's partition count, as the services would. */
export async function provisionTopics(
  kafka: Kafka,
  partitions: number,
  extra: readonly string[] = [],
): Promise<void> {
  await ensureTopics(kafka, { partitions }, new JsonLogger('bench', 'warn'), allTopics);
  if (extra.length > 0) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = extra.filter((t) => !existing.has(t));
      if (missing.length)
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
        });
    } finally {
      await admin.disconnect();
    }
  }
}

/**
 * A producer for bulk loads: batches of `batchSize` records, `inFlight` batches at a time. The
 * caller hands groups of records (all events of one member in one group) so concurrency never
 * reorders a member's events.
 */
export class BulkPublisher {
  private readonly producer: Producer;
  private pending: BenchRecord[] = [];
  private inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  published = 0;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    private readonly batchSize = 2000,
    private readonly maxInFlight = 4,
  ) {
    this.producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async add(records: readonly BenchRecord[]): Promise<void> {
    for (const r of records) this.pending.push(r);
    if (this.pending.length >= this.batchSize) await this.flushPending();
  }

  private async flushPending(): Promise<void> {
    if (this.failure) throw asError(this.failure);
    if (this.pending.length === 0) return;
    const messages = this.pending;
    this.pending = [];
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    if (this.failure) throw asError(this.failure);
    const send = this.producer
      .send({ topic: this.topic, acks: -1, messages })
      .then(() => {
        this.published += messages.length;
      })
      .catch((error: unknown) => {
        this.failure = error;
      })
      .finally(() => {
        this.inFlight.delete(send);
      });
    this.inFlight.add(send);
  }

  async flush(): Promise<void> {
    await this.flushPending();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    if (this.failure) throw asError(this.failure);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.producer.disconnect();
  }
}

/** Publishes `count` groups from `makeGroup(i)`; returns records published and elapsed ms. */
export async function publishAll(
  kafka: Kafka,
  topic: string,
  groups: number,
  makeGroup: (i: number) => BenchRecord[],
  batchSize = 2000,
): Promise<{ records: number; ms: number; startedAt: number }> {
  const publisher = new BulkPublisher(kafka, topic, batchSize);
  await publisher.connect();
  const startedAt = performance.now();
  for (let i = 0; i < groups; i++) {
    await publisher.add(makeGroup(i));
  }
  await publisher.close();
  return { records: publisher.published, ms: since(startedAt), startedAt };
}

/** Sum of the latest offsets of a topic's partitions. */
export async function topicEndOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Lag of a consumer group on topics (end offsets − committed offsets, a missing commit counting from 0). */
export async function groupLag(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<bigint> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let lag = 0n;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const byPartition = new Map(
        (committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
      );
      for (const end of ends) {
        const low = BigInt(end.low);
        const c = byPartition.get(end.partition) ?? -1n;
        const from = c < 0n ? low : c;
        lag += BigInt(end.high) - from;
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group's lag on `topics` is 0; returns when (performance.now()), or throws after `timeoutMs`. */
export async function waitForGroupCaughtUp(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  timeoutMs: number,
  pollMs = 250,
  onProgress?: (lag: bigint) => void,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = 0;
  for (;;) {
    const lag = await groupLag(kafka, groupId, topics);
    if (lag === 0n) return performance.now();
    if (onProgress && Date.now() - lastReport > 10000) {
      onProgress(lag);
      lastReport = Date.now();
    }
    if (Date.now() > deadline)
      throw new Error(
        `group ${groupId} still has lag ${lag} on ${topics.join(', ')} after ${Math.round(timeoutMs / 1000)} s`,
      );
    await sleep(pollMs);
  }
}

/**
 * The baseline consumer: a plain kafkajs consumer group that reads a topic from the beginning and
 * does JSON.parse on each value, nothing else. Returns ms from start until `expected` were read.
 */
export async function rawConsume(
  kafka: Kafka,
  topic: string | readonly string[],
  expected: number,
  timeoutMs: number,
): Promise<{ count: number; ms: number; doneAt: number }> {
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}`, maxBytes: 10485760 });
  await consumer.connect();
  await consumer.subscribe({
    topics: typeof topic === 'string' ? [topic] : [...topic],
    fromBeginning: true,
  });
  let count = 0;
  let parsed = 0;
  const startedAt = performance.now();
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        if (m.value) parsed += (JSON.parse(m.value.toString('utf8')) as unknown) ? 1 : 0;
        count++;
      }
      if (count >= expected) done();
    },
  });
  const timer = sleep(timeoutMs).then(() => 'timeout' as const);
  const outcome = await Promise.race([finished.then(() => 'done' as const), timer]);
  const doneAt = performance.now();
  const ms = doneAt - startedAt;
  await consumer.disconnect();
  if (outcome === 'timeout')
    throw new Error(
      `raw consumer read ${count}/${expected} of ${String(topic)} in ${timeoutMs} ms`,
    );
  void parsed;
  return { count, ms, doneAt };
}

/**
 * A consumer that reads a topic from the beginning and calls `onRecord` with the parsed value
 * (and the record's Kafka timestamp, ms since the epoch).
 */
export async function watchTopic(
  kafka: Kafka,
  topics: readonly string[],
  onRecord: (
    topic: string,
    value: unknown,
    headers: Record<string, string>,
    timestamp?: number,
  ) => void,
  fromBeginning = true,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: `bench-watch-${randomUUID()}`,
    maxWaitTimeInMs: 20,
    maxBytes: 10485760,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning });
  let joined: () => void = () => undefined;
  const hasJoined = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    // The watcher's group is new every run and reads from the beginning, so its offsets are never
    // read back. With eachBatch, kafkajs commits after every batch whatever autoCommitInterval
    // says: at a steady trickle, one OffsetCommit per decision, broker load that the measured
    // platform does not cause.
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.headers ?? {}))
          if (v !== undefined) headers[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
        let value: unknown = null;
        try {
          value = m.value ? JSON.parse(m.value.toString('utf8')) : null;
        } catch {
          value = m.value?.toString('utf8') ?? null;
        }
        onRecord(batch.topic, value, headers, Number(m.timestamp));
      }
    },
  });
  await Promise.race([hasJoined, sleep(15000)]);
  return consumer;
}
