import { topics, errorText } from '@careflow/contracts';
import type { BenchContext } from '../lib/context';
import { Rng, coverageEventsOf, memberIdOf } from '../lib/generate';
import { timedGets, statusText } from '../lib/http';
import {
  fastEncode,
  groupLag,
  publishAll,
  rawConsume,
  topicEndOffsets,
  waitForGroupCaughtUp,
  type BenchRecord,
} from '../lib/kafka';
import type { Figure, LatencyFigure } from '../lib/result';
import { ServiceManager } from '../lib/services';
import { perSecond, since } from '../lib/stats';
import { assertValid } from '../lib/validate';
import type { BenchOutcome } from './index';
import { judge, memoryFigure } from '../lib/targets';

const PREFIX = 'BCI';

/** Pre-generates the events, grouped by member (a member's events stay in one batch, in order). */
export function coverageLoad(
  total: number,
  seed = 834,
): { groups: BenchRecord[][]; members: number; sample: unknown[] } {
  const rng = new Rng(seed);
  const groups: BenchRecord[][] = [];
  const sample: unknown[] = [];
  let count = 0;
  for (let m = 0; count < total; m++) {
    const memberId = memberIdOf(PREFIX, m);
    const events = coverageEventsOf(rng, memberId).slice(0, total - count);
    if (sample.length < 200) sample.push(...events);
    groups.push(
      events.map((data) => fastEncode(topics.eligibilityCoverage.eventType, memberId, data)),
    );
    count += events.length;
  }
  return { groups, members: groups.length, sample };
}

export async function coverageIngest(ctx: BenchContext): Promise<BenchOutcome> {
  const total = ctx.scale(1_000_000);
  const topic = topics.eligibilityCoverage.name;
  const figures: Figure[] = [];
  const latencies: LatencyFigure[] = [];
  const skipped: string[] = [];
  const notes: string[] = [];

  const eligibility = await ctx.services.start('eligibility');
  ctx.log(`coverage-ingest: generating ${total} coverage.updated events`);
  const load = coverageLoad(total);
  assertValid(topic, load.sample);

  // (b) the service end to end: from the first publish until its consumer group has no lag.
  ctx.log(
    `coverage-ingest: publishing ${total} events for ${load.members} members while eligibility consumes`,
  );
  const publish = await publishAll(ctx.kafka, topic, load.groups.length, (i) => load.groups[i]!);
  ctx.log(
    `coverage-ingest: published in ${Math.round(publish.ms)} ms; waiting for eligibility to catch up`,
  );
  const timeoutMs = ctx.window(ctx.quick ? 300_000 : 1_800_000);
  let serviceRate: number | null = null;
  let serviceNote: string | undefined;
  try {
    const caughtUpAt = await waitForGroupCaughtUp(
      ctx.kafka,
      'eligibility',
      [topic],
      timeoutMs,
      250,
      (lag) => ctx.log(`coverage-ingest: eligibility lag ${lag}`),
    );
    serviceRate = perSecond(publish.records, caughtUpAt - publish.startedAt);
  } catch {
    const lag = Number(await groupLag(ctx.kafka, 'eligibility', [topic]));
    const done = publish.records - lag;
    serviceRate = perSecond(done, since(publish.startedAt));
    serviceNote = `did not finish in ${timeoutMs / 1000} s: ${done} of ${publish.records} handled; rate over those`;
  }
  const outputs = [
    ...(await topicEndOffsets(ctx.kafka, topics.memberCoverage.name)).values(),
  ].reduce((a, b) => a + b, 0n);

  // (a) the baseline: a plain kafkajs group reading the same messages, JSON.parse only.
  ctx.log('coverage-ingest: raw kafkajs consumer over the same messages');
  const raw = await rawConsume(ctx.kafka, topic, publish.records, 600_000);
  const rawRate = perSecond(raw.count, raw.ms);
  figures.push({
    label: 'eligibility end to end (first publish → group lag 0)',
    kind: 'throughput',
    value: serviceRate,
    unit: 'events/s',
    baseline: { label: 'raw kafkajs consumer, JSON.parse only', value: rawRate },
    target: judge('ingest-ratio', serviceRate, rawRate),
    ...(serviceNote ? { note: serviceNote } : {}),
  });
  figures.push({
    label: 'bench producer (batches of 2000, 4 in flight)',
    kind: 'throughput',
    value: perSecond(publish.records, publish.ms),
    unit: 'events/s',
  });
  figures.push({
    label: 'member-coverage events eligibility published',
    kind: 'count',
    value: Number(outputs),
    unit: `for ${load.members} members`,
  });

  // The as-of lookup.
  try {
    await ServiceManager.requireRoute(eligibility, 'GET /members/{memberId}/coverage');
    const lookups = ctx.scale(5_000);
    const rng = new Rng(99);
    const asOfs = ['2024-06-01', '2025-02-15', '2025-05-01', '2025-07-04'];
    const urls = Array.from(
      { length: lookups },
      () =>
        `${eligibility.url}/members/${memberIdOf(PREFIX, rng.int(load.members))}/coverage?asOf=${rng.pick(asOfs)}`,
    );
    const token = await ctx.token('supervisor');
    await timedGets(urls.slice(0, 50), token); // warm-up
    const result = await timedGets(urls, token);
    latencies.push({
      label: `GET /members/{id}/coverage?asOf= (${statusText(result.statuses)})`,
      count: result.latency.count,
      p50: result.latency.p50,
      p95: result.latency.p95,
      p99: result.latency.p99,
      max: result.latency.max,
      target: judge('asof-p99', result.latency.p99),
    });
    if (result.firstError) notes.push(`A lookup answered ${result.firstError}.`);
  } catch (error) {
    skipped.push(`as-of lookup latency: ${errorText(error)}`);
  }

  figures.push(memoryFigure('eligibility', eligibility.sampleMemory()));
  notes.push(
    `${publish.records.toLocaleString('en-US')} coverage.updated events for ${load.members.toLocaleString('en-US')} generated members (70% one span, 30% a plan change on 2025-04-01, 10% a PCP correction), binary CloudEvents keyed by member id, 6 partitions.`,
    'The service figure includes the publish: eligibility consumes while the events are produced, and the clock stops when its consumer group has committed everything. The baseline reads the same messages afterwards from the topic (a fresh group, 3 partitions at once, JSON.parse of every value).',
    'Lookups: sequential HTTP GETs with a supervisor token, random members of the load, asOf spread over both plan periods.',
  );
  if (serviceNote)
    notes.push(
      'eligibility had not worked through the whole load when its window ended: the lookups ran while it was still consuming, so a lookup of a member it had not reached yet answers 404 and latencies include that contention.',
    );
  return {
    status: skipped.length || serviceNote ? 'partial' : 'ok',
    ...(serviceNote ? { reason: `eligibility ${serviceNote}` } : {}),
    figures,
    latencies,
    skipped,
    notes,
  };
}
