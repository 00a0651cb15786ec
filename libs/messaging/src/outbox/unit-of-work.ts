import type { EntityManager } from 'typeorm';
import { validateEventData, type TopicDefinition } from '@careflow/contracts';
import type { z } from 'zod';
import { encodeEvent, type EncodedRecord } from '../cloudevents/encode';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import { childTraceparent } from '../cloudevents/trace-context';
import { OutputContractError } from '../errors';
import type { UnitOfWorkTrace } from '../observability/tracing';

export interface PublishOptions {
  /** Defaults to a new UUID; pass a deterministic id where a retry must produce the same event. */
  readonly id?: string;
  readonly subject?: string;
  /**
   * The consumed event this one is published for: its trace continues. Default: the event an
   * `@OnEvent` handler is handling, else the chunk's last event with the same key (member id),
   * else the chunk's first event.
   */
  readonly causedBy?: ConsumedEvent;
}

/** What a unit of work handles, for the trace context of the events it publishes. */
export interface UnitOfWorkScope {
  /** The consumed events the transaction handles (none for an HTTP use case or a timer). */
  readonly events?: readonly ConsumedEvent[];
  /** With tracing on: the spans the trace context of published events comes from. */
  readonly trace?: UnitOfWorkTrace;
}

/** An event written to the outbox: what the relay sends and the row it deletes afterwards. */
export interface OutboxRecord {
  readonly id: string;
  readonly topic: string;
  readonly record: EncodedRecord;
  /** The validated event data, when this process published it (what business metrics count). */
  readonly data?: unknown;
}

/** Runs the outbox insert (with the writes joined to it) and answers the ids it returned. */
export type OutboxInsert = (sql: string, params: readonly unknown[]) => Promise<{ id: string }[]>;

interface DeferredWrite {
  readonly sql: string;
  readonly params: readonly unknown[];
}

interface PendingRecord {
  readonly topic: string;
  readonly eventId: string;
  readonly record: EncodedRecord;
  readonly data: unknown;
}

/**
 * One database transaction and the events it will publish. Events are validated against their
 * topic's schema here, at the point of writing, so the outbox never holds an event that breaks
 * the contract, and they become visible to Kafka only if the transaction commits.
 */
export class UnitOfWork {
  private readonly pending: PendingRecord[] = [];
  private readonly deferred: DeferredWrite[] = [];
  private current: ConsumedEvent | undefined;
  /** The last event of each key, built at the first publish of a chunk of several events. */
  private lastByKey: Map<string, ConsumedEvent> | undefined;
  /** Facts noted for business metrics, reported once the transaction commits. */
  readonly facts: { readonly topic: string; readonly data: unknown }[] = [];

  /**
   * `traceparent`: the trace context of the work when tracing is off and no event is handled
   * (an HTTP request's); published events get a child of it, or of the event they are for.
   */
  constructor(
    readonly manager: EntityManager,
    private readonly source: string,
    private readonly traceparent: string | undefined,
    private readonly scope: UnitOfWorkScope = {},
  ) {}

  /**
   * Notes a fact of this transaction that no published event tells alone (a case opened, where
   * `ccm.cases.v1` also carries reassignments): business metrics count it once the transaction
   * commits, never when it rolls back. `name` is not a topic; observers subscribe to it by name.
   */
  noteFact(name: string, data: unknown): void {
    this.facts.push({ topic: name, data });
  }

  /** The event the handler now running handles (one event per call), until the next call. */
  handling(event: ConsumedEvent | undefined): void {
    this.current = event;
  }

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
    const key = topic.keyOf(valid);
    const record = encodeEvent({
      ...(options.id !== undefined ? { id: options.id } : {}),
      ...(options.subject !== undefined ? { subject: options.subject } : {}),
      type: topic.eventType,
      source: this.source,
      key,
      data: valid,
      traceparent: this.traceparentFor(options.causedBy ?? this.causeOf(key)),
    });
    const eventId = record.headers['ce_id'] ?? '';
    this.pending.push({ topic: topic.name, eventId, record, data: valid });
    return eventId;
  }

  /**
   * Tracing on: the context of the span handling `cause` (the relay's PRODUCER span becomes its
   * child). Off: a child of `cause`'s traceparent, as the event is sent as it is stored.
   */
  private traceparentFor(cause: ConsumedEvent | undefined): string {
    const trace = this.scope.trace;
    if (trace) return trace.traceparentFor(cause);
    return childTraceparent(cause ? cause.traceparent : this.traceparent);
  }

  private causeOf(key: string): ConsumedEvent | undefined {
    if (this.current) return this.current;
    const events = this.scope.events;
    if (events === undefined || events.length <= 1) return events?.[0];
    if (!this.lastByKey) {
      this.lastByKey = new Map();
      for (const event of events) this.lastByKey.set(event.key, event);
    }
    return this.lastByKey.get(key) ?? events[0];
  }

  /**
   * Queues a write (INSERT, UPDATE or DELETE with `$n` parameters) to run at flush, in the same
   * statement as the outbox insert: one round trip for both. For writes nothing later in the
   * transaction reads and whose result is not needed, such as storing the record an event is
   * published for. The statements become CTEs of one statement, so they see the same snapshot and
   * not each other's rows; their text must hold no `$` but the parameters' (no dollar quoting).
   */
  writeWithOutbox(sql: string, params: readonly unknown[]): void {
    if (/\$(?!\d)/.test(sql)) {
      throw new Error('a write joined to the outbox insert may hold no $ but its parameters');
    }
    this.deferred.push({ sql, params });
  }

  /**
   * Writes the pending events to the outbox; called by the owner of the transaction. Answers the
   * rows written (with their outbox ids), which become sendable once the transaction commits.
   */
  async flush(
    /** Runs the insert; the caller's transaction may send its COMMIT with it (one round trip). */
    execute: OutboxInsert = (sql, params) => this.manager.query(sql, [...params]),
  ): Promise<OutboxRecord[]> {
    if (this.pending.length === 0 && this.deferred.length === 0) return [];
    const rows = this.pending.splice(0);
    const writes = this.deferred.splice(0);
    const params: unknown[] = [];
    const ctes = writes.map((w, i) => {
      const offset = params.length;
      params.push(...w.params);
      return `deferred_${i} AS (${w.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
    });
    // One JSON document for the rows: the serializer escapes the records' JSON text natively,
    // where text[] parameters would escape every element again in JavaScript.
    params.push(
      JSON.stringify(
        rows.map((r) => ({
          event_id: r.eventId,
          topic: r.topic,
          record_key: r.record.key,
          record_value: r.record.value,
          headers: r.record.headers,
        })),
      ),
    );
    // Deferred writes run to completion whether or not the outbox insert reads them.
    const ids = await execute(
      `${ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n` : ''}INSERT INTO outbox_events (event_id, topic, record_key, record_value, headers)
       SELECT * FROM jsonb_to_recordset($${params.length}::jsonb)
         AS r(event_id text, topic text, record_key text, record_value text, headers jsonb)
       RETURNING id`,
      params,
    );
    // bigserial ids are drawn in row order within the statement; sorted, they pair with the rows.
    const sorted = ids.map((r) => r.id).sort(byOutboxId);
    return rows.map((r, i) => ({
      id: sorted[i] ?? '',
      topic: r.topic,
      record: r.record,
      data: r.data,
    }));
  }
}

/** Outbox ids (bigint as text) in numeric order, which is commit order for one transaction. */
export function byOutboxId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
