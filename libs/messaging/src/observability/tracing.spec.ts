import { SpanKind, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { EntityManager } from 'typeorm';
import { sampleEventOf, topics } from '@careflow/contracts';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import { traceIdOf } from '../cloudevents/trace-context';
import { UnitOfWork, type OutboxRecord } from '../outbox/unit-of-work';
import { EventTracing, spanContextOf, traceparentOf } from './tracing';

const portal = (n: number): string => `00-${String(n).padStart(32, 'a')}-${'b'.repeat(15)}${n}-01`;

function consumed(key: string, n: number): ConsumedEvent {
  return {
    id: `evt-${n}`,
    source: 'urn:test',
    type: 't',
    time: '2026-01-01T00:00:00Z',
    subject: undefined,
    data: {},
    key,
    traceparent: portal(n),
    topic: 'adt.discharges.v1',
    partition: 0,
    offset: String(n),
  };
}

/** An entity manager whose outbox insert answers ids, for the records a unit of work flushes. */
const outboxOnly = {
  query: async (_sql: string, params: unknown[]) =>
    (JSON.parse(String(params.at(-1))) as unknown[]).map((_, i) => ({ id: String(i + 1) })),
} as unknown as EntityManager;

function publishFor(uow: UnitOfWork, memberId: string, causedBy?: ConsumedEvent): void {
  const data = { ...sampleEventOf('care-programs.v1'), memberId };
  uow.publish(topics.carePrograms, data, causedBy ? { causedBy } : {});
}

const headerOf = (r: OutboxRecord | undefined): string => r?.record.headers['traceparent'] ?? '';

describe('trace context of published events, tracing off', () => {
  const events = [consumed('M1', 1), consumed('M2', 2), consumed('M1', 3)];

  it('continues the trace of the chunk’s last event of the same member', async () => {
    const uow = new UnitOfWork(outboxOnly, 'urn:test', events[0]!.traceparent, { events });
    publishFor(uow, 'M2');
    publishFor(uow, 'M1');
    publishFor(uow, 'M9');
    const [m2, m1, unknown] = await uow.flush();
    expect(traceIdOf(headerOf(m2))).toBe(traceIdOf(portal(2)));
    expect(traceIdOf(headerOf(m1))).toBe(traceIdOf(portal(3)));
    // No event of that member: the chunk's first, as before.
    expect(traceIdOf(headerOf(unknown))).toBe(traceIdOf(portal(1)));
    // A child of the event's span, never the event's own span id.
    expect(headerOf(m2)).not.toBe(portal(2));
  });

  it('prefers the event an @OnEvent handler handles, and an explicit cause over both', async () => {
    const uow = new UnitOfWork(outboxOnly, 'urn:test', undefined, { events });
    uow.handling(events[1]);
    publishFor(uow, 'M1');
    publishFor(uow, 'M1', events[0]);
    uow.handling(undefined);
    const [handled, explicit] = await uow.flush();
    expect(traceIdOf(headerOf(handled))).toBe(traceIdOf(portal(2)));
    expect(traceIdOf(headerOf(explicit))).toBe(traceIdOf(portal(1)));
  });
});

describe('EventTracing, tracing on', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracing = new EventTracing(provider.getTracer('test'));
  const finished = (): ReadableSpan[] => exporter.getFinishedSpans();
  const byName = (name: string): ReadableSpan[] => finished().filter((s) => s.name === name);

  beforeEach(() => exporter.reset());

  it('gives each event a CONSUMER span under its traceparent, linked to the chunk span', () => {
    const events = [consumed('M1', 1), consumed('M2', 2)];
    const chunk = tracing.startChunk('adt.discharges.v1', 'case-management', events);
    const forSecond = spanContextOf(chunk.traceparentFor(events[1]));
    chunk.end();
    const [chunkSpan] = byName('process adt.discharges.v1 chunk');
    const perEvent = byName('process adt.discharges.v1');
    expect(perEvent).toHaveLength(2);
    for (const [i, span] of perEvent.entries()) {
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.parentSpanContext?.spanId).toBe(spanContextOf(portal(i + 1))?.spanId);
      expect(span.spanContext().traceId).toBe(traceIdOf(portal(i + 1)));
      expect(span.links[0]?.context.spanId).toBe(chunkSpan?.spanContext().spanId);
    }
    expect(forSecond?.spanId).toBe(perEvent[1]?.spanContext().spanId);
    const [transaction] = byName('transaction');
    expect(transaction?.parentSpanContext?.spanId).toBe(chunkSpan?.spanContext().spanId);
    expect(trace.getSpan(chunk.context)?.spanContext().spanId).toBe(
      transaction?.spanContext().spanId,
    );
  });

  it('runs a chunk of one event in that event’s span, and sends under PRODUCER spans', async () => {
    const event = consumed('M1', 4);
    const chunk = tracing.startChunk('adt.discharges.v1', 'case-management', [event]);
    const uow = new UnitOfWork(outboxOnly, 'urn:test', event.traceparent, {
      events: [event],
      trace: chunk,
    });
    publishFor(uow, 'M1');
    const records = await uow.flush();
    chunk.end();
    const [consumer] = byName('process adt.discharges.v1');
    expect(headerOf(records[0])).toBe(traceparentOf(consumer!.spanContext()));
    expect(byName('transaction')[0]?.parentSpanContext?.spanId).toBe(
      consumer?.spanContext().spanId,
    );

    const sends = tracing.startSends(records);
    sends.end(new TypeError('broker gone'));
    const [producer] = byName(`send ${topics.carePrograms.name}`);
    expect(producer?.kind).toBe(SpanKind.PRODUCER);
    expect(producer?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);
    expect(producer?.status.message).toBe('TypeError');
    const sent = sends.records[0]?.record.headers;
    expect(sent?.['traceparent']).toBe(traceparentOf(producer!.spanContext()));
    expect(sent?.['ce_traceparent']).toBe(sent?.['traceparent']);
    // The stored record is left as it was (a retry starts from it again).
    expect(headerOf(records[0])).toBe(traceparentOf(consumer!.spanContext()));
  });

  it('begins no trace for parentless work that publishes nothing', () => {
    tracing.startWork(undefined).end();
    expect(finished()).toHaveLength(0);
    const work = tracing.startWork(undefined);
    const stored = work.traceparentFor(undefined);
    work.end();
    expect(byName('transaction')[0]?.spanContext().spanId).toBe(spanContextOf(stored)?.spanId);
  });
});
