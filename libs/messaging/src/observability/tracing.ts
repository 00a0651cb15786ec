import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import { childTraceparent, parseTraceparent } from '../cloudevents/trace-context';
import type { OutboxRecord } from '../outbox/unit-of-work';

/** The (remote) span context a W3C traceparent names; undefined for an absent or invalid one. */
export function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  const valid = parseTraceparent(traceparent);
  if (valid === undefined) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = valid.split('-');
  return { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: true };
}

/** The W3C traceparent of a span context. */
export function traceparentOf(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** A context whose parent span is the one `traceparent` names (the root context without one). */
function parentContext(traceparent: string | undefined): Context {
  const spanContext = spanContextOf(traceparent);
  return spanContext ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

/**
 * The database transaction of a unit of work: its statements' spans (pg instrumentation) are its
 * children, and its length is the time the transaction held its locks.
 */
function startTransactionSpan(
  tracer: Tracer,
  parent: Context,
  events: number | undefined,
  startTime?: number,
): Span {
  const attributes: Attributes = { 'db.system.name': 'postgresql' };
  if (events !== undefined) attributes['messaging.batch.message_count'] = events;
  return tracer.startSpan(
    'transaction',
    { kind: SpanKind.INTERNAL, attributes, ...(startTime !== undefined ? { startTime } : {}) },
    parent,
  );
}

function endSpan(span: Span, error: unknown): void {
  if (error !== undefined) {
    // The class only: an error's message may quote event data, and spans leave the process.
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.name : 'error',
    });
  }
  span.end();
}

/**
 * The trace of one unit of work: the context its database calls run in and the trace context
 * stored with each event it publishes (the relay's PRODUCER span becomes that context's child).
 */
export interface UnitOfWorkTrace {
  readonly context: Context;
  /** The traceparent to store for an event published while handling `cause`. */
  traceparentFor(cause: ConsumedEvent | undefined): string;
  /** Marks the events the inbox found handled before (no effect this time). */
  markDuplicates(events: readonly ConsumedEvent[], fresh: readonly ConsumedEvent[]): void;
  end(error?: unknown): void;
}

/** Records about to be sent, their headers carrying their PRODUCER spans' context. */
export interface SendTrace {
  readonly records: readonly OutboxRecord[];
  end(error?: unknown): void;
}

/**
 * The backbone's spans, made only when tracing is on (a `Tracer` was given): with tracing off
 * nothing here runs and no span object exists. kafkajs's own instrumentation is not used: it sees
 * neither the outbox nor chunks, so its spans would start a new trace at every relay send.
 *
 * - consumer: a CONSUMER span per event, child of the event's `traceparent`; a chunk of several
 *   events also gets a chunk span (the transaction's database calls are its children) that each
 *   event span links to. A chunk of one event runs its transaction in that event's span.
 * - unit of work outside a consumer (HTTP use case, timer): an INTERNAL span, child of the active
 *   span (the HTTP server span) or else of the given traceparent.
 * - relay: a PRODUCER span per record sent, child of the context stored with the record.
 */
export class EventTracing {
  constructor(private readonly tracer: Tracer) {}

  startChunk(
    topic: string,
    consumerGroup: string,
    events: readonly ConsumedEvent[],
  ): UnitOfWorkTrace {
    return new ChunkTrace(this.tracer, topic, consumerGroup, events);
  }

  startWork(traceparent: string | undefined): UnitOfWorkTrace {
    const active = context.active();
    const parent = trace.getSpan(active) ? active : parentContext(traceparent);
    return new WorkTrace(this.tracer, parent);
  }

  startSends(records: readonly OutboxRecord[]): SendTrace {
    const spans: Span[] = [];
    const traced = records.map((r) => {
      const span = this.tracer.startSpan(
        `send ${r.topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.operation.name': 'send',
            'messaging.destination.name': r.topic,
            'messaging.message.id': r.record.headers['ce_id'] ?? '',
          },
        },
        parentContext(r.record.headers['traceparent'] ?? r.record.headers['ce_traceparent']),
      );
      spans.push(span);
      const traceparent = traceparentOf(span.spanContext());
      const headers = { ...r.record.headers, ce_traceparent: traceparent, traceparent };
      return { ...r, record: { ...r.record, headers } };
    });
    return {
      records: traced,
      end: (error?: unknown) => spans.forEach((s) => endSpan(s, error)),
    };
  }
}

class ChunkTrace implements UnitOfWorkTrace {
  readonly context: Context;
  private readonly spans = new Map<ConsumedEvent, Span>();
  private readonly chunkSpan: Span | undefined;
  private readonly transaction: Span;

  constructor(
    tracer: Tracer,
    topic: string,
    consumerGroup: string,
    events: readonly ConsumedEvent[],
  ) {
    const common: Attributes = {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.destination.name': topic,
      'messaging.consumer.group.name': consumerGroup,
    };
    if (events.length > 1) {
      this.chunkSpan = tracer.startSpan(
        `process ${topic} chunk`,
        {
          kind: SpanKind.CONSUMER,
          attributes: { ...common, 'messaging.batch.message_count': events.length },
        },
        ROOT_CONTEXT,
      );
    }
    const link = this.chunkSpan ? [{ context: this.chunkSpan.spanContext() }] : undefined;
    for (const event of events) {
      const span = tracer.startSpan(
        `process ${topic}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            ...common,
            'messaging.message.id': event.id,
            'messaging.destination.partition.id': String(event.partition),
            'messaging.kafka.offset': Number(event.offset),
          },
          ...(link ? { links: link } : {}),
        },
        parentContext(event.traceparent),
      );
      this.spans.set(event, span);
    }
    const own = this.chunkSpan ?? this.spans.values().next().value;
    const parent = own ? trace.setSpan(ROOT_CONTEXT, own) : ROOT_CONTEXT;
    this.transaction = startTransactionSpan(tracer, parent, events.length);
    this.context = trace.setSpan(parent, this.transaction);
  }

  traceparentFor(cause: ConsumedEvent | undefined): string {
    const span = (cause && this.spans.get(cause)) ?? trace.getSpan(this.context);
    return span ? traceparentOf(span.spanContext()) : childTraceparent(undefined);
  }

  markDuplicates(events: readonly ConsumedEvent[], fresh: readonly ConsumedEvent[]): void {
    if (events.length === fresh.length) return;
    const handled = new Set(fresh);
    for (const event of events)
      if (!handled.has(event)) this.spans.get(event)?.setAttribute('careflow.duplicate', true);
  }

  end(error?: unknown): void {
    endSpan(this.transaction, error);
    for (const span of this.spans.values()) endSpan(span, error);
    if (this.chunkSpan) endSpan(this.chunkSpan, error);
  }
}

/**
 * A unit of work outside a consumer. With a parent (the HTTP request's span, a traceparent) its
 * transaction span starts at once. Without one (a timer's sweep, every few seconds, mostly with
 * nothing to do) no trace is begun unless it publishes: the span is then made at the first
 * publish, back-dated to the work's start, so its events still start a trace of their own.
 */
class WorkTrace implements UnitOfWorkTrace {
  readonly context: Context;
  private span: Span | undefined;
  private readonly started = Date.now();

  constructor(
    private readonly tracer: Tracer,
    parent: Context,
  ) {
    if (parent !== ROOT_CONTEXT) {
      this.span = startTransactionSpan(tracer, parent, undefined);
      this.context = trace.setSpan(parent, this.span);
    } else this.context = ROOT_CONTEXT;
  }

  traceparentFor(): string {
    this.span ??= startTransactionSpan(this.tracer, ROOT_CONTEXT, undefined, this.started);
    return traceparentOf(this.span.spanContext());
  }

  markDuplicates(): void {}

  end(error?: unknown): void {
    if (this.span) endSpan(this.span, error);
  }
}
