import { topics } from '@careflow/contracts';
import type { BenchContext } from '../lib/context';
import { referenceMinute, soakBreaches, type Line } from '../lib/drift';
import { watchTopic } from '../lib/kafka';
import { OutputMatcher } from '../lib/matcher';
import type { Figure, LatencyFigure, Series } from '../lib/result';
import { NotRunError } from '../lib/result';
import type { RunningService, ServiceName } from '../lib/services';
import { publishSteadyFromSources } from '../lib/sources';
import { latencyFigure, loadAverageText, sleep, summarize } from '../lib/stats';
import { memoryFigure, targetOf } from '../lib/targets';
import {
  KINDS,
  MixedStream,
  SERVICES,
  resolveStreamOutput,
  seedMixedCoverage,
  startMixedServices,
  validate,
  waitUntilLive,
  type Kind,
} from './mixed';
import type { BenchOutcome } from './index';

/** The soak's default length in minutes (`--minutes` or BENCH_SOAK_MINUTES; `--quick`: 3). */
export const SOAK_DEFAULT_MINUTES = 30;
const RATE = 200;
/** Growth allowed after the reference minute (the issue's 10%). */
const LIMIT = 0.1;
const WEIGHTS = { coverage: 5, clinical: 60, pa: 35 };
type StreamKind = Exclude<Kind, 'enrollment'>;
const STREAM_KINDS = Object.keys(KINDS).filter((k) => k !== 'enrollment') as StreamKind[];

export function soakMinutes(ctx: BenchContext): number {
  const asked = ctx.options.soakMinutes ?? Number(process.env['BENCH_SOAK_MINUTES']);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return ctx.quick ? 3 : SOAK_DEFAULT_MINUTES;
}

interface MinuteSample {
  rssMiB: Map<ServiceName, number | null>;
  heapMiB: Map<ServiceName, number | null>;
}

/**
 * The mixed workload (the mixed benchmark's stream and matchers) at a steady 200 events/s for
 * the whole soak; at the end of every minute each service's RSS and V8 heap, and per minute the
 * p99 publish → effect of each kind of input sent in it. Judged from the reference minute on
 * (the fifth): no RSS and no p99 more than 10% above that minute's.
 */
export async function soak(ctx: BenchContext): Promise<BenchOutcome> {
  const minutes = soakMinutes(ctx);
  const members = ctx.scale(10_000);
  const clinicalMembers = ctx.scale(1_000);
  const notes: string[] = [];
  const problems: string[] = [];

  const running = await startMixedServices(ctx);
  await seedMixedCoverage(ctx, members, 'soak');

  const matcher = new OutputMatcher();
  let snapshotsSeen = 0;
  const watcher = await watchTopic(
    ctx.kafka,
    [topics.memberCoverage.name, topics.paRoutingDecisions.name, topics.ccmEvaluations.name],
    (topic, value) => {
      const at = performance.now();
      if (topic === topics.memberCoverage.name) snapshotsSeen++;
      if (value) resolveStreamOutput(matcher, topic, value as Record<string, unknown>, at);
    },
  );
  const samples: MinuteSample[] = [];
  const stream = new MixedStream(11, 'bsk-soak', members, clinicalMembers, 2_000_000, WEIGHTS);
  const loadAtStart = loadAverageText();
  let behindMs = 0;
  try {
    await waitUntilLive(ctx, () => snapshotsSeen);
    for (let minute = 1; minute <= minutes; minute++) {
      const items = stream.take(RATE * 60);
      if (minute === 1) validate(items);
      await publishSteadyFromSources(
        ctx.kafka,
        items.map((s) => ({ topic: s.topic, record: s.record })),
        RATE,
        (i, at) => {
          const s = items[i]!;
          matcher.sent(`${s.kind}@${minute}`, s.key, s.id, at);
        },
      ).then((run) => (behindMs = Math.max(behindMs, run.behindMs)));
      samples.push(await sampleServices(running));
      const line = STREAM_KINDS.map((k) => {
        const p99 = summarize(matcher.latenciesOf(`${k}@${minute}`)).p99;
        return `${k} ${Number.isNaN(p99) ? '-' : Math.round(p99)}`;
      });
      ctx.log(
        `soak: minute ${minute} of ${minutes}: RSS ${[...samples[samples.length - 1]!.rssMiB].map(([s, v]) => `${s} ${v === null ? '-' : Math.round(v)}`).join(', ')} MiB; p99 so far ${line.join(', ')} ms; load ${loadAverageText()}`,
      );
    }
    const deadline = Date.now() + 120_000;
    while (matcher.pending > 0 && Date.now() < deadline) await sleep(200);
  } finally {
    await watcher.disconnect();
  }

  const steps = samples.map((_, i) => i + 1);
  const rssLines: Line[] = SERVICES.map((s) => ({
    name: `${s} RSS`,
    values: samples.map((m) => m.rssMiB.get(s) ?? null),
  }));
  const heapLines: Line[] = SERVICES.map((s) => ({
    name: `${s} heap used`,
    values: samples.map((m) => m.heapMiB.get(s) ?? null),
  }));
  const p99Lines: Line[] = STREAM_KINDS.filter((k) => matcher.sentOf(`${k}@1`) > 0).map((k) => ({
    name: `${k} p99`,
    values: steps.map((m) => {
      const lat = matcher.latenciesOf(`${k}@${m}`);
      return lat.length ? summarize(lat).p99 : null;
    }),
  }));
  for (const k of STREAM_KINDS)
    for (const m of steps) {
      const missing = matcher.sentOf(`${k}@${m}`) - matcher.latenciesOf(`${k}@${m}`).length;
      if (missing > 0) problems.push(`minute ${m}: ${missing} "${k}" inputs got no output`);
    }

  const reference = referenceMinute(samples.length);
  const judged = soakBreaches([...rssLines, ...p99Lines], reference, LIMIT);
  const worst = judged.breaches.reduce((w, b) => Math.max(w, b.growth), 0);
  const series: Series[] = [
    { title: 'RSS and V8 heap per minute', x: 'minute', unit: 'MiB', steps, lines: [...rssLines, ...heapLines].map(asSeriesLine) },
    { title: `p99 publish → effect per minute, ${RATE}/s mix`, x: 'minute', unit: 'ms', steps, lines: p99Lines.map(asSeriesLine) },
  ]; // prettier-ignore
  const figures: Figure[] = [
    {
      label: `largest growth of an RSS or a minute's p99 after minute ${reference} over minute ${reference}`,
      kind: 'count',
      value: worst * 100,
      unit: '%',
      target: targetOf(
        'soak-flat',
        judged.breaches.length > 0 ? false : judged.unjudged.length > 0 ? null : true,
      ),
      ...(judged.breaches.length
        ? {
            note: `beyond ${LIMIT * 100}%: ${judged.breaches.map((b) => `${b.name} at minute ${b.minute} (${Math.round(b.value)} against ${Math.round(b.reference)}, +${Math.round(b.growth * 100)}%)`).join('; ')}`,
          }
        : {}),
    },
    ...SERVICES.map((s) => memoryFigure(s, running.get(s)!.sampleMemory(), 'soak')),
  ];
  const latencies: LatencyFigure[] = STREAM_KINDS.flatMap((k) => {
    const all = steps.flatMap((m) => [...matcher.latenciesOf(`${k}@${m}`)]);
    return all.length ? [latencyFigure(`${KINDS[k]}, all ${samples.length} minutes`, all)] : [];
  });
  if (judged.unjudged.length)
    notes.push(`Not judged (no value at minute ${reference}): ${judged.unjudged.join(', ')}.`);
  notes.push(
    `${samples.length} minutes of the mixed stream at ${RATE} events/s (coverage ${WEIGHTS.coverage}%, claims / discharges / fills ${WEIGHTS.clinical}% on ${clinicalMembers.toLocaleString('en-US')} high utilizers, PA requests ${WEIGHTS.pa}%) over ${members.toLocaleString('en-US')} members covered first through eligibility; one producer per source topic; matched by id as in \`mixed\` (case-management with EVALUATION_PUBLISHING=every-trigger). No enrollments over HTTP: pcp-notification consumes member coverage and case events only. RSS (VmRSS) and heap (nodejs_heap_size_used_bytes from GET /metrics) are read at the end of each minute; each minute's p99 is over the inputs sent in that minute. Judged: every service's RSS and every kind's p99 at each minute after minute ${reference}, against minute ${reference}, limit +${LIMIT * 100}%; the heap is shown, not judged.`,
    `Load average (1/5/15 min): ${loadAtStart} at the start, ${loadAverageText()} at the end.${behindMs > 50 ? ` The publisher fell up to ${Math.round(behindMs)} ms behind its schedule at worst.` : ''}`,
  );
  for (const [name, service] of running)
    if (service.exited)
      problems.push(`${name} exited during the soak (code ${service.exited.code})`);
  if (latencies.length === 0)
    throw new NotRunError(`no output for any input of the soak: ${problems.join('; ')}`);
  return {
    status: problems.length ? 'partial' : 'ok',
    ...(problems.length ? { reason: problems.slice(0, 10).join('; ') } : {}),
    figures,
    latencies,
    skipped: [],
    notes,
    series,
  };
}

function asSeriesLine(line: Line): Series['lines'][number] {
  return { name: line.name, values: [...line.values] };
}

async function sampleServices(running: Map<ServiceName, RunningService>): Promise<MinuteSample> {
  const rssMiB = new Map<ServiceName, number | null>();
  const heapMiB = new Map<ServiceName, number | null>();
  for (const [name, service] of running) {
    const rss = service.rssKb();
    rssMiB.set(name, rss === null ? null : rss / 1024);
    const heap = await service.heapUsedBytes();
    heapMiB.set(name, heap === null ? null : heap / 2 ** 20);
  }
  return { rssMiB, heapMiB };
}
