import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { consumerGroupOf, topicsConsumedBy, type PlatformService } from '@careflow/contracts';
import { RawPublisher, type RawKafkaRecord } from '@careflow/messaging';
import { kafkaConnectionFromEnv } from '@careflow/platform';
import { sleep } from './env';
import type { PlannedEvent } from './workload';

/** A plain kafkajs client with the environment's TLS and SASL settings (KAFKA_SECURITY_PROTOCOL…). */
export function kafkaClient(broker: string, clientId = 'careflow-chaos'): Kafka {
  const { ssl, sasl } = kafkaConnectionFromEnv(clientId, { ...process.env, KAFKA_BROKERS: broker });
  return new Kafka({
    clientId,
    brokers: [broker],
    ...(ssl !== undefined ? { ssl } : {}),
    ...(sasl !== undefined ? { sasl } : {}),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 5, maxRetryTime: 5000 },
    logLevel: logLevel.NOTHING,
  });
}

/**
 * Publishes planned events, retrying a failed send (broker restart) with the same CloudEvent ids:
 * a send that failed after the broker stored part of it redelivers those records, which the
 * consumers' inboxes must drop. Counts the resends.
 */
export class ResilientPublisher {
  private publisher: RawPublisher;
  resends = 0;

  constructor(private readonly kafka: Kafka) {
    this.publisher = new RawPublisher(kafka);
  }

  async publish(events: readonly PlannedEvent[]): Promise<void> {
    const byTopic = new Map<string, PlannedEvent[]>();
    for (const e of events) {
      const list = byTopic.get(e.topic);
      if (list) list.push(e);
      else byTopic.set(e.topic, [e]);
    }
    for (const [topic, list] of byTopic) {
      await this.retrying(() =>
        this.publisher.publish(
          topic,
          list.map((e) => ({
            id: e.id,
            type: e.type,
            key: e.key,
            data: e.data,
            source: 'urn:careflow:chaos',
          })),
        ),
      );
    }
  }

  async publishRaw(topic: string, records: readonly RawKafkaRecord[]): Promise<void> {
    await this.retrying(() => this.publisher.publishRaw(topic, records));
  }

  private async retrying(send: () => Promise<unknown>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await send();
        return;
      } catch (error) {
        if (attempt > 200) throw error;
        this.resends += 1;
        await sleep(1000);
        // A producer that saw the broker go away may stay broken: start a new one.
        await this.publisher.close().catch(() => undefined);
        this.publisher = new RawPublisher(this.kafka);
      }
    }
  }

  async close(): Promise<void> {
    await this.publisher.close().catch(() => undefined);
  }
}

export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly headers: Record<string, string>;
  readonly text: string | null;
  readonly value: unknown;
}

/**
 * Reads topics from the beginning to their current end in a throw-away consumer group, in
 * partition order (what a consumer sees). Gives up after `idleTimeoutMs` without a new batch (a
 * loaded machine reads slower, it does not stop reading).
 */
export async function readAll(
  kafka: Kafka,
  topicNames: readonly string[],
  idleTimeoutMs = 120000,
): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of topicNames) {
      if (!existing.has(topic)) continue;
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (Number(p.high) > Number(p.low)) ends.set(`${topic}:${p.partition}`, Number(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const records: ReadRecord[] = [];
  if (ends.size === 0) return records;
  const pending = new Set(ends.keys());
  const consumer = kafka.consumer({
    groupId: `chaos-reader-${randomUUID()}`,
    maxWaitTimeInMs: 200,
    maxBytes: 50 * 1024 * 1024,
  });
  await consumer.connect();
  const topicsToRead = [...new Set([...ends.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))];
  await consumer.subscribe({ topics: topicsToRead, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  let timer = setTimeout(() => done(), idleTimeoutMs);
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      clearTimeout(timer);
      timer = setTimeout(() => done(), idleTimeoutMs);
      const id = `${batch.topic}:${batch.partition}`;
      const end = ends.get(id) ?? 0;
      for (const m of batch.messages) {
        const offset = Number(m.offset);
        if (offset >= end) continue;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.headers ?? {})) {
          if (v !== undefined) headers[k] = Array.isArray(v) ? String(v[0]) : String(v);
        }
        const text = m.value?.toString('utf8') ?? null;
        let value: unknown = null;
        try {
          value = text === null ? null : JSON.parse(text);
        } catch {
          value = undefined;
        }
        records.push({
          topic: batch.topic,
          partition: batch.partition,
          offset,
          key: m.key?.toString('utf8') ?? null,
          headers,
          text,
          value,
        });
        if (offset + 1 >= end) pending.delete(id);
      }
      if (pending.size === 0) done();
    },
  });
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  if (pending.size > 0)
    throw new Error(`reader timed out; partitions not read to the end: ${[...pending].join(', ')}`);
  records.sort((a, b) =>
    a.topic === b.topic
      ? a.partition === b.partition
        ? a.offset - b.offset
        : a.partition - b.partition
      : a.topic < b.topic
        ? -1
        : 1,
  );
  return records;
}

const EXTRA_INPUTS: Partial<Record<PlatformService, string[]>> = { eligibility: ['ccm.cases.v1'] };

/** Records not yet committed by the services' consumer groups (`consumerGroupOf`), by service. */
export async function consumerLag(admin: Admin): Promise<Record<string, number>> {
  const services: PlatformService[] = [
    'eligibility',
    'authorization-routing',
    'case-management',
    'pcp-notification',
  ];
  const existing = new Set(await admin.listTopics());
  const lag: Record<string, number> = {};
  for (const service of services) {
    const inputs = [
      ...topicsConsumedBy(service).map((t) => t.name),
      ...(EXTRA_INPUTS[service] ?? []),
    ].filter((t) => existing.has(t));
    let total = 0;
    for (const topic of inputs) {
      const groupId = consumerGroupOf(service, topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      for (const p of committed?.partitions ?? []) {
        const end = ends.find((e) => e.partition === p.partition);
        if (!end) continue;
        const at = Number(p.offset) >= 0 ? Number(p.offset) : Number(end.low);
        total += Math.max(0, Number(end.high) - at);
      }
    }
    lag[service] = total;
  }
  return lag;
}

/** Sum of the end offsets of some topics (grows while the platform still produces). */
export async function endOffsetSum(admin: Admin, topicNames: readonly string[]): Promise<number> {
  const existing = new Set(await admin.listTopics());
  let sum = 0;
  for (const t of topicNames) {
    if (!existing.has(t)) continue;
    for (const p of await admin.fetchTopicOffsets(t)) sum += Number(p.high);
  }
  return sum;
}
