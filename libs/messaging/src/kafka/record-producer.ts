import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { EncodedRecord } from '../cloudevents/encode';

export interface TopicRecords {
  readonly topic: string;
  readonly records: readonly EncodedRecord[];
}

/**
 * The one producer of a process. Sends are acknowledged by all in-sync replicas, so a resolved
 * send is durable; one request in flight keeps retries from reordering a member's events. The
 * producer is not Kafka-idempotent on purpose: a retried send carries the same CloudEvent ids,
 * which consumers' inboxes drop, and an idempotent producer would need unbounded retries that
 * would hang the outbox relay while the broker is down instead of letting it back off.
 */
export class RecordProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // murmur2 on the key, as the Java client: a member's events share one partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async send(batches: readonly TopicRecords[]): Promise<void> {
    if (batches.every((b) => b.records.length === 0)) return;
    await this.connect();
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: batches
        .filter((b) => b.records.length > 0)
        .map((b) => ({
          topic: b.topic,
          messages: b.records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        })),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
