import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { topics } from '@careflow/contracts';
import { encodeEvent, spanContextOf, type ProbedRecord } from '@careflow/messaging';
import { recordSpans, type SpanRecorder } from '@careflow/platform';
import {
  addDays,
  coverMember,
  daysAgo,
  discharge,
  evaluationAfter,
  newId,
  newMember,
  publish,
  SUPERVISOR,
  startHarness,
  type Harness,
} from './harness';

describe('case-management traces: a discharge and a referral, each one trace to the events they cause', () => {
  // Tracing on before the service starts: its backbone takes the tracer at construction.
  const spans: SpanRecorder = recordSpans();
  let h: Harness;
  beforeAll(async () => (h = await startHarness()));
  afterAll(async () => h.stop().finally(() => spans.stop()));

  const of =
    (memberId: string, topic: string, test: (value: Record<string, unknown>) => boolean) =>
    (r: ProbedRecord): boolean =>
      r.topic === topic && r.key === memberId && test(r.value as Record<string, unknown>);
  const newTrace = (): { traceId: string; spanId: string } => ({
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
  });

  it('publishes the evaluation and the case under the discharge’s CONSUMER span', async () => {
    const memberId = newMember();
    await coverMember(h, memberId);
    const index = daysAgo(100);
    await publish(h, 'adt.discharges.v1', [
      discharge(memberId, addDays(index, -5), index, ['I5023']),
    ]);
    await evaluationAfter(h, memberId, 1);

    // The readmission, from a hospital whose own span is the parent.
    const { traceId, spanId: hospitalSpanId } = newTrace();
    await h.publisher.publishRaw(topics.adtDischarges.name, [
      encodeEvent({
        type: topics.adtDischarges.eventType,
        source: 'urn:test:hie',
        key: memberId,
        data: discharge(memberId, addDays(index, 20), addDays(index, 24), ['I5021']),
        traceparent: `00-${traceId}-${hospitalSpanId}-01`,
      }),
    ]);
    const [[evaluation], [opened]] = await Promise.all([
      h.probe.waitFor(
        of(memberId, topics.ccmEvaluations.name, (v) =>
          (v['criteriaMet'] as string[]).includes('readmission-30-days-same-condition'),
        ),
        { timeoutMs: 30000 },
      ),
      h.probe.waitFor(
        of(memberId, topics.ccmCases.name, (v) => v['status'] === 'identified'),
        { timeoutMs: 30000 },
      ),
    ]);

    const sent = [evaluation!, opened!].map((r) => spanContextOf(r.headers['traceparent']));
    expect(sent.map((s) => s?.traceId)).toEqual([traceId, traceId]);
    const spanIds = new Set(sent.map((s) => s?.spanId ?? ''));
    const isProducer = (s: ReadableSpan): boolean => spanIds.has(s.spanContext().spanId);
    const traced = await spans.spansOf(traceId, (all) => all.filter(isProducer).length === 2);

    const [first, second] = traced.filter(isProducer);
    expect(first?.kind).toBe(SpanKind.PRODUCER);
    expect(second?.kind).toBe(SpanKind.PRODUCER);
    expect(first?.parentSpanContext?.spanId).toBe(second?.parentSpanContext?.spanId);
    const consumer = traced.find(
      (s) => s.spanContext().spanId === first?.parentSpanContext?.spanId,
    );
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.name).toBe(`process ${topics.adtDischarges.name}`);
    expect(consumer?.parentSpanContext?.spanId).toBe(hospitalSpanId);
  });

  it('continues an HTTP request’s traceparent into the case its referral opens', async () => {
    const memberId = newMember();
    await coverMember(h, memberId);
    const { traceId, spanId: portalSpanId } = newTrace();
    const res = await h.service.request('POST', '/referrals', {
      principal: SUPERVISOR,
      headers: { traceparent: `00-${traceId}-${portalSpanId}-01` },
      body: {
        referralId: newId('REF'),
        memberId,
        source: 'member-self',
        submittedAt: new Date().toISOString(),
      },
    });
    expect(res.status).toBe(201);
    const [opened] = await h.probe.waitFor(
      of(memberId, topics.ccmCases.name, (v) => v['status'] === 'identified'),
      { timeoutMs: 30000 },
    );
    const sent = spanContextOf(opened!.headers['traceparent']);
    expect(sent?.traceId).toBe(traceId);
    const traced = await spans.spansOf(traceId, (all) =>
      all.some((s) => s.spanContext().spanId === sent?.spanId),
    );
    const producer = traced.find((s) => s.spanContext().spanId === sent?.spanId);
    const transaction = traced.find(
      (s) => s.spanContext().spanId === producer?.parentSpanContext?.spanId,
    );
    expect(producer?.kind).toBe(SpanKind.PRODUCER);
    expect(transaction?.name).toBe('transaction');
    // In-process there is no HTTP server span (jest loads modules past the instrumentations'
    // hooks), so the transaction's parent is the request's traceparent itself.
    expect(transaction?.parentSpanContext?.spanId).toBe(portalSpanId);
  });
});
