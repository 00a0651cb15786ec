import { Kafka, type CloudEventV1, type Headers } from 'cloudevents';
import { validateEventData, type TopicDefinition } from '@careflow/contracts';
import type { z } from 'zod';
import { InvalidEventError, UndecodableEventError } from '../errors';
import type { ConsumedEvent } from './consumed-event';
import { parseTraceparent } from './trace-context';

/** The raw record as the broker delivered it, independent of the client library. */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  readonly headers: Record<string, string>;
}

const MAX_ISSUES = 10;

/**
 * Reads a record in either CloudEvents content mode (binary `ce_*` headers or structured
 * `application/cloudevents+json`) with the cloudevents SDK, then checks the envelope and the data
 * against the topic's contract. Throws a permanent error naming what is wrong.
 */
export function decodeRecord<TSchema extends z.ZodType>(
  record: RawRecord,
  topic: TopicDefinition<string, TSchema>,
): ConsumedEvent<z.output<TSchema>> {
  const event = readCloudEvent(record);
  if (event.type !== topic.eventType) {
    throw new InvalidEventError(
      `event type "${truncate(String(event.type))}" is not accepted on ${topic.name} (expected "${topic.eventType}")`,
    );
  }
  const parsed = validateEventData(topic, event.data);
  if (!parsed.success) {
    const issues = parsed.issues
      .slice(0, MAX_ISSUES)
      .map((issue) => `${issue.path}: ${issue.message}`);
    throw new InvalidEventError(`data does not match ${topic.name}: ${issues.join('; ')}`, issues);
  }
  const extensions = event as unknown as Record<string, unknown>;
  return {
    id: event.id,
    source: event.source,
    type: event.type,
    time: event.time ?? new Date(Number(record.timestamp)).toISOString(),
    subject: event.subject,
    data: parsed.data,
    key: record.key?.toString('utf8') ?? '',
    traceparent:
      parseTraceparent(record.headers['traceparent']) ??
      parseTraceparent(
        typeof extensions['traceparent'] === 'string' ? extensions['traceparent'] : undefined,
      ),
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
  };
}

function readCloudEvent(record: RawRecord): CloudEventV1<unknown> {
  if (record.value === null || record.value.length === 0) {
    throw new UndecodableEventError('the record has no value');
  }
  const headers: Headers = { ...record.headers };
  let decoded: CloudEventV1<unknown> | CloudEventV1<unknown>[];
  try {
    decoded = Kafka.toEvent({
      headers,
      key: record.key?.toString('utf8') ?? '',
      value: record.value.toString('utf8'),
      body: record.value.toString('utf8'),
    } as Parameters<typeof Kafka.toEvent>[0]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UndecodableEventError(`not a readable CloudEvent: ${truncate(reason)}`);
  }
  if (Array.isArray(decoded)) {
    throw new UndecodableEventError(
      'batched CloudEvents are not accepted; send one event per record',
    );
  }
  assertEnvelope(decoded);
  return decoded;
}

function assertEnvelope(event: CloudEventV1<unknown>): void {
  const missing = (['id', 'source', 'type', 'specversion'] as const).filter(
    (attribute) => typeof event[attribute] !== 'string' || event[attribute].length === 0,
  );
  if (missing.length > 0) {
    throw new UndecodableEventError(`CloudEvent attributes missing: ${missing.join(', ')}`);
  }
  if (event.specversion !== '1.0') {
    throw new UndecodableEventError(
      `unsupported CloudEvents specversion "${truncate(event.specversion)}"`,
    );
  }
  if (event.id.length > 200)
    throw new UndecodableEventError('CloudEvent id longer than 200 characters');
}

function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
