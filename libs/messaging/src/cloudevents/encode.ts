import { randomUUID } from 'node:crypto';

/** A record ready for the producer: binary content mode, key = member id. */
export interface EncodedRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export interface OutgoingEvent {
  readonly id?: string;
  readonly type: string;
  readonly source: string;
  readonly key: string;
  readonly data: unknown;
  readonly subject?: string;
  readonly time?: string;
  readonly traceparent?: string;
}

/**
 * Encodes in binary mode, the mode the platform emits (interface.md, "Envelope"): the data as
 * JSON in the value, the attributes as `ce_*` headers. It writes what the cloudevents SDK's
 * `Kafka.binary(new CloudEvent(..., false))` writes, header for header and in the same order
 * (the codec spec compares the two), without building the SDK's frozen event object per record,
 * which cost more than the rest of a routing decision.
 */
export function encodeEvent(event: OutgoingEvent): EncodedRecord {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ce_id: event.id || randomUUID(),
    ce_time: event.time || new Date().toISOString(),
    ce_type: event.type,
    ce_source: event.source,
    ce_specversion: '1.0',
    ce_datacontenttype: 'application/json',
  };
  if (event.subject !== undefined) headers['ce_subject'] = event.subject;
  if (event.traceparent !== undefined) headers['ce_traceparent'] = event.traceparent;
  headers['ce_partitionkey'] = event.key;
  if (event.traceparent !== undefined) headers['traceparent'] = event.traceparent;
  return { key: event.key, value: JSON.stringify(event.data), headers };
}
