import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { topics } from '@careflow/contracts';
import { encodeEvent, spanContextOf } from '@careflow/messaging';
import { recordSpans, type SpanRecorder } from '@careflow/platform';
import {
  isDecisionFor,
  newMember,
  paRequest,
  publishCoverage,
  span,
  startHarness,
  waitUntil,
  type Harness,
} from './harness';

const idOf = (s: ReadableSpan): string => s.spanContext().spanId;
const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;
// HrTime is [seconds, nanoseconds]: arrays compared with <= compare as strings.
const nanosOf = ([seconds, nanos]: ReadableSpan['startTime']): bigint =>
  BigInt(seconds) * 1_000_000_000n + BigInt(nanos);

describe('authorization-routing: one trace from a PA request to its decision', () => {
  // Tracing on before the service starts: its backbone takes the tracer at construction.
  const spans: SpanRecorder = recordSpans();
  let h: Harness;
  beforeAll(async () => (h = await startHarness()));
  afterAll(async () => h.stop().finally(() => spans.stop()));

  it('continues the request’s traceparent through consume, transaction and produce', async () => {
    const memberId = newMember();
    await publishCoverage(h, memberId, [span()]);
    await waitUntil(
      async () =>
        (await h.dataSource.query(`SELECT 1 FROM member_coverage WHERE member_id = $1`, [memberId]))
          .length === 1,
    );
    const traceId = randomBytes(16).toString('hex');
    const portalSpanId = randomBytes(8).toString('hex');
    const request = paRequest(memberId);
    await h.publisher.publishRaw(topics.paRequests.name, [
      encodeEvent({
        type: topics.paRequests.eventType,
        source: 'urn:test:provider-portal',
        key: memberId,
        data: request,
        traceparent: `00-${traceId}-${portalSpanId}-01`,
      }),
    ]);
    const [decision] = await h.probe.waitFor(isDecisionFor(request.requestId), {
      timeoutMs: 30000,
    });

    // The decision event carries the request's trace, as both header and CloudEvents attribute.
    const sent = spanContextOf(decision!.headers['traceparent']);
    expect(sent?.traceId).toBe(traceId);
    expect(decision!.headers['ce_traceparent']).toBe(decision!.headers['traceparent']);

    // Its span id is the relay's PRODUCER span, whose parent is the request's CONSUMER span,
    // whose parent is the portal's span: one trace, publish -> consume -> produce.
    const traced = await spans.spansOf(traceId, (all) => all.some((s) => idOf(s) === sent?.spanId));
    const byId = new Map(traced.map((s) => [idOf(s), s]));
    const producer = byId.get(sent!.spanId)!;
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.name).toBe(`send ${topics.paRoutingDecisions.name}`);
    expect(producer.attributes['messaging.destination.name']).toBe(topics.paRoutingDecisions.name);
    const consumer = byId.get(parentOf(producer)!)!;
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.name).toBe(`process ${topics.paRequests.name}`);
    expect(parentOf(consumer)).toBe(portalSpanId);

    // The database transaction ran under that consumer span (a chunk of one event) or under the
    // chunk span the consumer span links to (several events in one transaction).
    const chunkIds = new Set([idOf(consumer), ...consumer.links.map((l) => l.context.spanId)]);
    const transaction = traced.find(
      (s) => s.name === 'transaction' && chunkIds.has(parentOf(s) ?? ''),
    );
    expect(transaction?.attributes['db.system.name']).toBe('postgresql');
    expect(nanosOf(transaction!.startTime) <= nanosOf(producer.startTime)).toBe(true);

    // Nothing of the event's data is in a span.
    const exported = JSON.stringify(traced.map((s) => s.attributes));
    expect(exported).not.toContain(memberId);
    expect(exported).not.toContain('pembrolizumab');
  });
});
