import { Kafka, type CloudEventV1 } from 'cloudevents';
import { isIsoDate, validateEventData, type TopicDefinition } from '@careflow/contracts';
import type { z } from 'zod';
import { InvalidEventError, UndecodableEventError, valueFreeMessage } from '../errors';
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
      `the event type is not accepted on ${topic.name} (expected "${topic.eventType}")`,
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
  let decoded: CloudEventV1<unknown> | CloudEventV1<unknown>[];
  try {
    decoded = readPlainBinaryEvent(record) ?? readWithSdk(record);
  } catch (error) {
    // Never the parser's own text: it quotes the record (PHI) back.
    const reason = error instanceof Error ? valueFreeMessage(error) : 'unreadable';
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

/** The cloudevents SDK's reading of a record, in any content mode. */
export function readWithSdk(record: RawRecord): CloudEventV1<unknown> | CloudEventV1<unknown>[] {
  const value = record.value?.toString('utf8') ?? '';
  return Kafka.toEvent({
    headers: { ...record.headers },
    key: record.key?.toString('utf8') ?? '',
    value,
    body: value,
  } as Parameters<typeof Kafka.toEvent>[0]);
}

const UPPER_CASE = /[A-Z]/;
/** Headers the SDK's event constructor treats specially: such records go to the SDK. */
const SDK_SPECIAL = new Set([
  'ce_data',
  'ce_data_base64',
  'ce_schemaurl',
  'ce_datacontentencoding',
]);

/**
 * The common case read without the SDK: binary mode as the platform writes it (lower-case header
 * names, `content-type: application/json`, a `ce_id`). It gives what `Kafka.toEvent` gives for
 * such a record, attribute for attribute (the codec spec compares the two): `ce_time` normalised
 * to ISO (an invalid time throws), a missing time made up, a missing specversion read as 1.0,
 * extensions from the other `ce_*` headers, the value parsed as JSON (invalid JSON throws).
 * Anything else (structured or batched mode, other content types, mixed-case header names)
 * answers undefined and goes to the SDK.
 */
export function readPlainBinaryEvent(record: RawRecord): CloudEventV1<unknown> | undefined {
  const h = record.headers;
  if (h['content-type'] !== 'application/json' || !h['ce_id'] || record.value === null) {
    return undefined;
  }
  const version = h['ce_specversion'];
  if (version && version !== '1.0') return undefined;
  for (const name in h) if (UPPER_CASE.test(name) || SDK_SPECIAL.has(name)) return undefined;
  const event: Record<string, unknown> = {};
  for (const name in h) {
    if (name.startsWith('ce_')) event[name.slice(3)] = h[name];
  }
  event['id'] = h['ce_id'];
  event['time'] = h['ce_time'] ? isoTime(h['ce_time']) : new Date().toISOString();
  event['specversion'] = h['ce_specversion'] || '1.0';
  event['datacontenttype'] = h['ce_datacontenttype'] ?? 'application/json';
  event['data'] = JSON.parse(record.value.toString('utf8')) as unknown;
  event['partitionkey'] = record.key?.toString('utf8') ?? '';
  return event as unknown as CloudEventV1<unknown>;
}

/** `toISOString`'s own format, in range: such a time is its own normal form. */
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * `ce_time` as the SDK normalises it (`new Date(time).toISOString()`, which throws on an invalid
 * time), without the round trip for a time already written that way, as the platform writes them.
 */
function isoTime(time: string): string {
  return CANONICAL_TIME.test(time) && isIsoDate(time.slice(0, 10))
    ? time
    : new Date(time).toISOString();
}

function assertEnvelope(event: CloudEventV1<unknown>): void {
  const missing = (['id', 'source', 'type', 'specversion'] as const).filter(
    (attribute) => typeof event[attribute] !== 'string' || event[attribute].length === 0,
  );
  if (missing.length > 0) {
    throw new UndecodableEventError(`CloudEvent attributes missing: ${missing.join(', ')}`);
  }
  if (event.specversion !== '1.0') {
    throw new UndecodableEventError('unsupported CloudEvents specversion (expected "1.0")');
  }
  if (event.id.length > 200)
    throw new UndecodableEventError('CloudEvent id longer than 200 characters');
}

function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
