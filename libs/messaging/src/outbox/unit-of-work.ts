import type { EntityManager } from 'typeorm';
import { validateEventData, type TopicDefinition } from '@careflow/contracts';
import type { z } from 'zod';
import { encodeEvent, type EncodedRecord } from '../cloudevents/encode';
import { childTraceparent } from '../cloudevents/trace-context';
import { OutputContractError } from '../errors';

export interface PublishOptions {
  /** Defaults to a new UUID; pass a deterministic id where a retry must produce the same event. */
  readonly id?: string;
  readonly subject?: string;
}

interface PendingRecord {
  readonly topic: string;
  readonly eventId: string;
  readonly record: EncodedRecord;
}

/**
 * One database transaction and the events it will publish. Events are validated against their
 * topic's schema here, at the point of writing, so the outbox never holds an event that breaks
 * the contract, and they become visible to Kafka only if the transaction commits.
 */
export class UnitOfWork {
  private readonly pending: PendingRecord[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly source: string,
    private readonly traceparent: string | undefined,
  ) {}

  publish<TSchema extends z.ZodType>(
    topic: TopicDefinition<string, TSchema>,
    data: z.input<TSchema>,
    options: PublishOptions = {},
  ): string {
    const result = validateEventData(topic, data);
    if (!result.success) {
      throw new OutputContractError(
        `would publish an invalid ${topic.name} event: ${result.message}`,
      );
    }
    const valid = result.data;
    const record = encodeEvent({
      ...(options.id !== undefined ? { id: options.id } : {}),
      ...(options.subject !== undefined ? { subject: options.subject } : {}),
      type: topic.eventType,
      source: this.source,
      key: topic.keyOf(valid),
      data: valid,
      traceparent: childTraceparent(this.traceparent),
    });
    const eventId = record.headers['ce_id'] ?? '';
    this.pending.push({ topic: topic.name, eventId, record });
    return eventId;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Writes the pending events to the outbox; called by the owner of the transaction. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending.splice(0);
    await this.manager.query(
      `INSERT INTO outbox_events (event_id, topic, record_key, record_value, headers)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.topic),
        rows.map((r) => r.record.key),
        rows.map((r) => r.record.value),
        rows.map((r) => JSON.stringify(r.record.headers)),
      ],
    );
  }
}
