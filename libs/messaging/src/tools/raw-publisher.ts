import { randomUUID } from 'node:crypto';
import { CloudEvent, Kafka as CloudEventsKafka } from 'cloudevents';
import type { Kafka } from 'kafkajs';
import { encodeEvent } from '../cloudevents/encode';
import { RecordProducer } from '../kafka/record-producer';

export interface PublishableEvent {
  readonly id?: string;
  readonly type: string;
  readonly key: string;
  readonly data: unknown;
  readonly source?: string;
  readonly time?: string;
  /** Binary (the default, what the platform emits) or structured content mode. */
  readonly mode?: 'binary' | 'structured';
}

export interface RawKafkaRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers?: Record<string, string>;
}

/**
 * Publishes events the way an upstream system would, in either content mode, and raw records
 * for fault tests. Used by the publish CLI, integration tests and benchmarks.
 */
export class RawPublisher {
  private readonly producer: RecordProducer;

  constructor(kafka: Kafka) {
    this.producer = new RecordProducer(kafka);
  }

  async publish(topic: string, events: readonly PublishableEvent[]): Promise<string[]> {
    const ids: string[] = [];
    const records = events.map((event) => {
      const id = event.id ?? randomUUID();
      ids.push(id);
      const source = event.source ?? 'urn:careflow:publisher';
      const time = event.time ?? new Date().toISOString();
      if (event.mode === 'structured') {
        const message = CloudEventsKafka.structured(
          new CloudEvent(
            {
              id,
              type: event.type,
              source,
              time,
              datacontenttype: 'application/json',
              data: event.data,
            },
            false,
          ),
        );
        return {
          key: event.key,
          value: String(message.value),
          headers: { 'content-type': 'application/cloudevents+json' },
        };
      }
      return encodeEvent({ id, type: event.type, source, time, key: event.key, data: event.data });
    });
    await this.producer.send([{ topic, records }]);
    return ids;
  }

  async publishRaw(topic: string, records: readonly RawKafkaRecord[]): Promise<void> {
    await this.producer.send([
      {
        topic,
        records: records.map((r) => ({
          key: r.key ?? '',
          value: r.value ?? '',
          headers: r.headers ?? {},
        })),
      },
    ]);
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
