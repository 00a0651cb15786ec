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

/** An event written to the outbox: what the relay sends and the row it deletes afterwards. */
export interface OutboxRecord {
  readonly id: string;
  readonly topic: string;
  readonly record: EncodedRecord;
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

  /**
   * Writes the pending events to the outbox; called by the owner of the transaction. Answers the
   * rows written (with their outbox ids), which become sendable once the transaction commits.
   */
  async flush(): Promise<OutboxRecord[]> {
    if (this.pending.length === 0) return [];
    const rows = this.pending.splice(0);
    const ids: { id: string }[] = await this.manager.query(
      `INSERT INTO outbox_events (event_id, topic, record_key, record_value, headers)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
       RETURNING id`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.topic),
        rows.map((r) => r.record.key),
        rows.map((r) => r.record.value),
        rows.map((r) => JSON.stringify(r.record.headers)),
      ],
    );
    // bigserial ids are drawn in row order within the statement; sorted, they pair with the rows.
    const sorted = ids.map((r) => r.id).sort(byOutboxId);
    return rows.map((r, i) => ({ id: sorted[i] ?? '', topic: r.topic, record: r.record }));
  }
}

/** Outbox ids (bigint as text) in numeric order, which is commit order for one transaction. */
export function byOutboxId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
