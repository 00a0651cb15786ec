import { randomUUID } from 'node:crypto';
import { CloudEvent, Kafka } from 'cloudevents';

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

/** Encodes in binary mode, the mode the platform emits (interface.md, "Envelope"). */
export function encodeEvent(event: OutgoingEvent): EncodedRecord {
  const cloudEvent = new CloudEvent(
    {
      id: event.id ?? randomUUID(),
      type: event.type,
      source: event.source,
      time: event.time ?? new Date().toISOString(),
      datacontenttype: 'application/json',
      ...(event.subject !== undefined ? { subject: event.subject } : {}),
      ...(event.traceparent !== undefined ? { traceparent: event.traceparent } : {}),
      data: event.data,
      partitionkey: event.key,
    },
    false,
  );
  const message = Kafka.binary(cloudEvent);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  if (event.traceparent !== undefined) headers['traceparent'] = event.traceparent;
  return { key: event.key, value: JSON.stringify(event.data), headers };
}
