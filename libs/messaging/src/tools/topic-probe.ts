import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { headersToStrings } from '../kafka/dead-letter';

/** A record as a probe saw it: value parsed as JSON where it is JSON. */
export interface ProbedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: Record<string, string>;
  readonly value: unknown;
}

/**
 * Reads topics from the beginning in a throw-away consumer group and keeps what it saw, so tests
 * and tools can wait for the platform's output on the real broker.
 */
export class TopicProbe {
  readonly records: ProbedRecord[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly consumer: Consumer) {}

  /** `groupPrefix`: the throw-away group's prefix, one the client's principal may use. */
  static async start(
    kafka: Kafka,
    topics: readonly string[],
    groupPrefix = 'probe',
  ): Promise<TopicProbe> {
    const consumer = kafka.consumer({
      groupId: `${groupPrefix}-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    const probe = new TopicProbe(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const text = message.value?.toString('utf8') ?? null;
        let value: unknown = text;
        try {
          value = text === null ? null : JSON.parse(text);
        } catch {
          value = text;
        }
        probe.records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          headers: headersToStrings(message.headers),
          value,
        });
        for (const wake of probe.waiters.splice(0)) wake();
      },
    });
    return probe;
  }

  /** Records matching `predicate`, waiting until at least `count` have arrived. */
  async waitFor(
    predicate: (record: ProbedRecord) => boolean,
    { count = 1, timeoutMs = 30000 }: { count?: number; timeoutMs?: number } = {},
  ): Promise<ProbedRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.filter(predicate);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${count} record(s); saw ${found.length} matching of ${this.records.length}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
