import { Client } from 'pg';
import { consumerGroupOf, topics } from '@careflow/contracts';
import type { BenchContext } from '../lib/context';
import { describeCpuPerEvent, sampleCpu, standardGroups } from '../lib/cpu';
import { growthBreaches, type Line } from '../lib/drift';
import { Rng, clinicalEventOf, coverageEventsOf, memberIdOf, paRequestOf } from '../lib/generate';
import {
  fastEncode,
  publishAll,
  waitForGroupCaughtUp,
  watchTopic,
  type BenchRecord,
} from '../lib/kafka';
import { OutputMatcher } from '../lib/matcher';
import { cloneMembers, readsPerEvent, tableReads, tableSizes } from '../lib/member-clone';
import type { Figure, LatencyFigure, Series } from '../lib/result';
import { NotRunError } from '../lib/result';
import type { ServiceName } from '../lib/services';
import { publishSteadyFromSources } from '../lib/sources';
import { fmt, latencyFigure, perSecond, sleep } from '../lib/stats';
import { targetOf } from '../lib/targets';
import { resolveStreamOutput } from './mixed';
import { caseEvent } from './pcp';
import { seedMemberCoverage } from './routing';
import type { BenchOutcome } from './index';

/** Growth allowed between the sizes (the issue's 20%). */
const LIMIT = 0.2;
/** The latency window's rate, unless a pipeline sets its own. */
const RATE = 200;

interface Input {
  topic: string;
  /** The id its output names. */
  id: string;
  /** Inputs of one key may be folded into one output (see OutputMatcher). */
  key: string;
  record: BenchRecord;
}

/** One pipeline of the growth run: its service, its member-keyed tables, its inputs and outputs. */
interface Pipeline {
  name: string;
  service: ServiceName;
  env: Record<string, string>;
  /** Member id prefix of its generated members. */
  prefix: string;
  schema: string;
  /** The member-keyed tables grown to N members. */
  tables: string[];
  /** The consumer group and topics of its input (full speed: first publish → lag 0). */
  group: { id: string; topics: string[] };
  /** The topics whose records name the inputs (see resolveStreamOutput). */
  outputs: string[];
  unit: string;
  /** Inputs at full speed, full size (÷ 10 with --quick), when 50,000 would take too long. */
  fullSpeed?: number;
  /** The latency window's rate when 200/s is beyond the service (its p99 would time a queue). */
  rate?: number;
  /** Resolves the inputs an output names (default: resolveStreamOutput). */
  resolve?: (matcher: OutputMatcher, topic: string, v: Record<string, unknown>, at: number) => void;
  /** Stores `templates` members the ordinary way, through Kafka. */
  template(ctx: BenchContext, templates: number): Promise<void>;
  /** The measured workload: inputs on random members among `members`. */
  inputs(seed: number, name: string, members: number): () => Input;
}

const CLINICAL_TOPICS = [
  topics.medicalClaims.name,
  topics.adtDischarges.name,
  topics.pharmacyClaims.name,
];

async function seedCoverageFor(
  ctx: BenchContext,
  service: 'authorization-routing' | 'case-management' | 'pcp-notification',
  p: string,
  n: number,
): Promise<void> {
  await seedMemberCoverage(ctx, p, n, 2929);
  await waitForGroupCaughtUp(
    ctx.kafka,
    consumerGroupOf(service, topics.memberCoverage.name),
    [topics.memberCoverage.name],
    ctx.window(600_000),
  );
}

function clinicalInputs(prefix: string) {
  return (seed: number, name: string, members: number) => {
    const rng = new Rng(seed);
    let seq = 0;
    return (): Input => {
      const memberId = memberIdOf(prefix, rng.int(members));
      const id = `${name}-${seq}`;
      const e = clinicalEventOf(rng, seq++, memberId);
      const data = { ...e.data } as Record<string, unknown>;
      // Claim and encounter ids carry the phase's name so phases never reuse one.
      for (const field of ['claimId', 'encounterId'])
        if (typeof data[field] === 'string') data[field] = `${data[field]}-${name}`;
      return {
        topic: e.topic,
        id,
        key: `${e.topic}|${memberId}`,
        record: fastEncode(e.type, memberId, data, id),
      };
    };
  };
}

export const PIPELINES: Pipeline[] = [
  {
    name: 'eligibility',
    service: 'eligibility',
    env: {},
    prefix: 'BGE',
    schema: 'eligibility',
    tables: ['members', 'coverage_facts', 'member_spans'],
    group: { id: 'eligibility', topics: [topics.eligibilityCoverage.name] },
    outputs: [topics.memberCoverage.name],
    unit: 'coverage events/s',
    async template(ctx, templates) {
      const rng = new Rng(3030);
      const groups = Array.from({ length: templates }, (_, m) => {
        const memberId = memberIdOf('BGE', m);
        return coverageEventsOf(rng, memberId).map((data, i) =>
          fastEncode(topics.eligibilityCoverage.eventType, memberId, data, `bge-${memberId}-${i}`),
        );
      });
      await publishAll(ctx.kafka, topics.eligibilityCoverage.name, templates, (i) => groups[i]!);
      await waitForGroupCaughtUp(ctx.kafka, 'eligibility', [topics.eligibilityCoverage.name], ctx.window(600_000));
    },
    inputs(seed, name, members) {
      const rng = new Rng(seed);
      const queue: { memberId: string; data: Record<string, unknown> }[] = [];
      let seq = 0;
      return () => {
        if (queue.length === 0) {
          const memberId = memberIdOf('BGE', rng.int(members));
          for (const data of coverageEventsOf(rng, memberId)) queue.push({ memberId, data });
        }
        const { memberId, data } = queue.shift()!;
        const id = `${name}-${seq++}`;
        const record = fastEncode(topics.eligibilityCoverage.eventType, memberId, data, id);
        return { topic: topics.eligibilityCoverage.name, id, key: `coverage|${memberId}`, record };
      };
    },
  },
  {
    name: 'routing',
    service: 'authorization-routing',
    env: {},
    prefix: 'BGR',
    schema: 'authorization_routing',
    tables: ['member_coverage'],
    group: {
      id: consumerGroupOf('authorization-routing', topics.paRequests.name),
      topics: [topics.paRequests.name],
    },
    outputs: [topics.paRoutingDecisions.name],
    unit: 'decisions/s',
    template: (ctx, templates) => seedCoverageFor(ctx, 'authorization-routing', 'BGR', templates),
    inputs(seed, name, members) {
      const rng = new Rng(seed);
      let seq = 0;
      return () => {
        const data = paRequestOf(rng, `BGRQ-${name}-${seq++}`, memberIdOf('BGR', rng.int(members)));
        const record = fastEncode(topics.paRequests.eventType, data.memberId, data);
        return { topic: topics.paRequests.name, id: data.requestId, key: `pa|${data.requestId}`, record };
      };
    },
  },
  {
    name: 'case-management',
    service: 'case-management',
    // Every triggering event gets its evaluation, so each input has an output to wait for.
    env: { EVALUATION_PUBLISHING: 'every-trigger', MONTHLY_REVIEW_CRON: 'off', ASSESSMENT_OVERDUE_CRON: 'off' },
    prefix: 'BGC',
    schema: 'case_management',
    tables: ['member_coverage', 'clinical_profiles', 'adherence_members'],
    group: { id: 'case-management', topics: CLINICAL_TOPICS },
    outputs: [topics.ccmEvaluations.name],
    unit: 'events/s',
    async template(ctx, templates) {
      await seedCoverageFor(ctx, 'case-management', 'BGC', templates);
      // Two clinical events per template member on average, so that most have a profile.
      const next = clinicalInputs('BGC')(3131, 'bgc-template', templates);
      const inputs = Array.from({ length: templates * 2 }, next);
      for (const topic of CLINICAL_TOPICS) {
        const mine = inputs.filter((x) => x.topic === topic);
        await publishAll(ctx.kafka, topic, mine.length, (i) => [mine[i]!.record]);
      }
      await waitForGroupCaughtUp(ctx.kafka, 'case-management', CLINICAL_TOPICS, ctx.window(600_000));
    },
    inputs: clinicalInputs('BGC'),
  },
  {
    name: 'pcp',
    service: 'pcp-notification',
    env: {},
    prefix: 'BGP',
    schema: 'pcp_notification',
    tables: ['member_coverage', 'member_identities'],
    group: { id: consumerGroupOf('pcp-notification', topics.ccmCases.name), topics: [topics.ccmCases.name] },
    outputs: [topics.pcpNotifications.name],
    // Full speed counts the case events handled (lag 0); the letters go out after, from the job queue.
    unit: 'enrolled cases/s',
    // Enrollments come a few a second (the pcp benchmark paces them at 5/s); 200/s would time
    // the delivery queue, not a notice.
    rate: 10,
    // Tens of cases a second on a loaded machine: 50,000 would take 20 minutes a size.
    fullSpeed: 10_000,
    resolve(matcher, _topic, v, at) {
      if (v.kind === 'enrollment-notice' && v.status === 'sent') matcher.resolve(v.caseId as string, at);
    },
    template: (ctx, templates) => seedCoverageFor(ctx, 'pcp-notification', 'BGP', templates),
    inputs(seed, name, members) {
      const rng = new Rng(seed);
      let seq = 0;
      return () => {
        const memberId = memberIdOf('BGP', rng.int(members));
        const caseId = `BGPC-${name}-${seq++}`;
        const { record } = caseEvent(memberId, caseId, 'enrolled');
        return { topic: topics.ccmCases.name, id: caseId, key: `case|${caseId}`, record };
      };
    },
  },
]; // prettier-ignore

/** The unmeasured warm-up before each latency window, in seconds. */
function warmSeconds(ctx: BenchContext): number {
  return ctx.quick ? 10 : 30;
}

export function growthSizes(ctx: BenchContext): number[] {
  const asked = (process.env['BENCH_GROWTH_SIZES'] ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (asked.length) return asked.sort((a, b) => a - b);
  return ctx.quick ? [10_000, 100_000, 500_000] : [100_000, 1_000_000, 5_000_000];
}

export interface Measured {
  members: number;
  throughput: number | null;
  p99: number | null;
  latency: LatencyFigure | null;
  /** What PostgreSQL read per input of the full-speed phase, per table, and the tables' sizes. */
  reads: { table: string; hit: number; read: number; mib: number }[];
  cpu: string;
  seedSeconds: number;
  problems: string[];
}

/**
 * Cost as the data grows: each pipeline's service with its member-keyed tables grown to each size
 * (template members through Kafka, the rest copied in SQL), then the same measured workload at
 * every size: a window at 200/s (p99 publish → output) and a fixed number of inputs at full speed
 * (first publish → group lag 0).
 */
export async function growth(ctx: BenchContext): Promise<BenchOutcome> {
  const sizes = growthSizes(ctx);
  const only = (process.env['BENCH_GROWTH_PIPELINES'] ?? '').split(',').filter(Boolean);
  const pipelines = PIPELINES.filter((p) => only.length === 0 || only.includes(p.name));
  const templates = Math.min(ctx.quick ? 1000 : 2000, sizes[0]!);
  const fullSpeed = (p: Pipeline) => ctx.scale(p.fullSpeed ?? 50_000);
  const windowSeconds = ctx.quick ? 10 : 30;
  const figures: Figure[] = [];
  const latencies: LatencyFigure[] = [];
  const notes: string[] = [];
  const skipped: string[] = [];
  const problems: string[] = [];
  const throughputLines: Line[] = [];
  const p99Lines: Line[] = [];

  for (const pipeline of pipelines) {
    const results: Measured[] = [];
    for (const members of sizes) {
      ctx.log(`growth: ${pipeline.name} at ${members.toLocaleString('en-US')} members`);
      try {
        await ctx.resetEnvironment();
        results.push(
          await measureAt(ctx, pipeline, members, templates, fullSpeed(pipeline), windowSeconds),
        );
      } catch (error) {
        if (!(error instanceof NotRunError)) throw error;
        skipped.push(`${pipeline.name}: ${error.message.split('\n')[0]}`);
        break;
      } finally {
        await ctx.services.stopAll();
      }
    }
    if (results.length === 0) continue;
    const at = (m: number) => results.find((r) => r.members === m);
    throughputLines.push({
      name: `${pipeline.name} ${pipeline.unit}`,
      values: sizes.map((m) => at(m)?.throughput ?? null),
    });
    p99Lines.push({ name: `${pipeline.name} p99 at ${pipeline.rate ?? RATE}/s`, values: sizes.map((m) => at(m)?.p99 ?? null) }); // prettier-ignore
    for (const r of results) {
      const size = r.members.toLocaleString('en-US');
      figures.push({
        label: `${pipeline.name} at ${size} members: ${fullSpeed(pipeline).toLocaleString('en-US')} inputs at full speed (first publish → lag 0)`,
        kind: 'throughput',
        value: r.throughput,
        unit: pipeline.unit,
      });
      if (r.latency)
        latencies.push({
          ...r.latency,
          label: `${pipeline.name} at ${size} members: ${r.latency.label}`,
        });
      notes.push(
        `${pipeline.name} at ${size} members (stores grown in ${r.seedSeconds.toFixed(0)} s): PostgreSQL per input at full speed, blocks from shared_buffers + from outside it: ${r.reads.slice(0, 4).map((x) => `${x.table} (${fmt(x.mib)} MiB) ${fmt(x.hit, 1)} + ${fmt(x.read, 2)}`).join(', ')}. ${r.cpu}`,
      ); // prettier-ignore
      problems.push(...r.problems.map((p) => `${pipeline.name} at ${size}: ${p}`));
    }
    notes.push(
      `${verdictOf(throughputLines[throughputLines.length - 1]!, p99Lines[p99Lines.length - 1]!)} ${explain(pipeline.name, results)}`,
    );
  }
  notes.push(`PostgreSQL's shared_buffers: ${await sharedBuffers(ctx)}.`);
  if (throughputLines.length === 0)
    throw new NotRunError(`no pipeline could be measured: ${skipped.join('; ')}`);

  const judged = growthBreaches([...throughputLines, ...p99Lines], LIMIT);
  figures.unshift({
    label: `largest spread of a pipeline's throughput or p99 over ${sizes.map((s) => s.toLocaleString('en-US')).join(' / ')} members (largest / smallest - 1)`,
    kind: 'count',
    value: Math.max(0, ...[...judged.within, ...judged.beyond].map((x) => x.spread)) * 100,
    unit: '%',
    target: targetOf(
      'growth-flat',
      judged.beyond.length ? false : judged.unjudged.length || skipped.length ? null : true,
    ),
    ...(judged.beyond.length
      ? { note: `beyond ${LIMIT * 100}%: ${judged.beyond.map((b) => `${b.name} ${Math.round(b.spread * 100)}%`).join(', ')}` }
      : {}),
  }); // prettier-ignore
  if (judged.unjudged.length)
    notes.push(`Not judged (a size without a figure): ${judged.unjudged.join(', ')}.`);
  notes.unshift(
    `Each pipeline's service alone, its member-keyed tables grown to ${sizes.map((s) => s.toLocaleString('en-US')).join(', ')} members: ${templates.toLocaleString('en-US')} template members stored the ordinary way through Kafka, the rest copied from them in SQL (member id replaced in every text and JSON column; VACUUM ANALYZE after). Then the same workload at every size, on random members of all N: ${windowSeconds} s at ${RATE}/s (pcp: ${PIPELINES.find((p) => p.name === 'pcp')?.rate}/s) after ${warmSeconds(ctx)} s of unmeasured warm-up at the same rate (p99 publish → output: snapshot, decision, evaluation, enrollment notice), then ${fullSpeed(PIPELINES[0]!).toLocaleString('en-US')} inputs at full speed (pcp: ${fullSpeed(PIPELINES.find((p) => p.name === 'pcp')!).toLocaleString('en-US')}; first publish → the service's group at lag 0). Within ${LIMIT * 100}% means largest / smallest ≤ ${1 + LIMIT} over the sizes, for the throughput and the p99 of each pipeline. The inbox and outbox grow with traffic, not with members, and are not grown.`,
  ); // prettier-ignore
  const series: Series[] = [
    { title: 'throughput at full speed by members stored', x: 'members', unit: 'inputs/s', logX: true, steps: sizes, lines: throughputLines.map((l) => ({ name: l.name, values: [...l.values] })) },
    { title: 'p99 of the latency window by members stored', x: 'members', unit: 'ms', logX: true, steps: sizes, lines: p99Lines.map((l) => ({ name: l.name, values: [...l.values] })) },
  ]; // prettier-ignore
  return {
    status: problems.length || skipped.length ? 'partial' : 'ok',
    ...(problems.length ? { reason: problems.slice(0, 8).join('; ') } : {}),
    figures,
    latencies,
    skipped,
    notes,
    series,
  };
}

async function measureAt(
  ctx: BenchContext,
  pipeline: Pipeline,
  members: number,
  templates: number,
  total: number,
  windowSeconds: number,
): Promise<Measured> {
  const problems: string[] = [];
  const service = await ctx.services.start(pipeline.service, pipeline.env);
  const seedStart = performance.now();
  await pipeline.template(ctx, templates);
  const db = new Client({ connectionString: ctx.options.databaseUrl });
  await db.connect();
  try {
    for (const table of pipeline.tables)
      await cloneMembers(db, pipeline.schema, table, pipeline.prefix, templates, members);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const matcher = new OutputMatcher();
    const watcher = await watchTopic(
      ctx.kafka,
      pipeline.outputs,
      (topic, value) => {
        if (!value) return;
        (pipeline.resolve ?? resolveStreamOutput)(matcher, topic, value as Record<string, unknown>, performance.now());
      },
      false,
    );
    let latency: LatencyFigure | null = null;
    try {
      await sleep(2000); // the watcher joins before anything is sent
      const rate = pipeline.rate ?? RATE;
      // Unmeasured: the service was just started and its topics just made, and the quick runs
      // showed the smallest size (the least time between start and measure) slowest with 5 s.
      const warm = Array.from({ length: rate * warmSeconds(ctx) }, pipeline.inputs(1, `warm${members}`, members));
      await publishSteadyFromSources(ctx.kafka, warm, rate, () => undefined);
      const steady = Array.from({ length: rate * windowSeconds }, pipeline.inputs(2, `steady${members}`, members));
      await publishSteadyFromSources(ctx.kafka, steady, rate, (i, at) =>
        matcher.sent('steady', steady[i]!.key, steady[i]!.id, at),
      );
      const deadline = Date.now() + 120_000;
      while (matcher.pending > 0 && Date.now() < deadline) await sleep(200);
      const samples = matcher.latenciesOf('steady');
      if (samples.length < steady.length)
        problems.push(`${steady.length - samples.length} of ${steady.length} steady inputs got no output in 120 s`);
      if (samples.length)
        latency = latencyFigure(`${rate}/s for ${windowSeconds} s, publish → output`, samples);
    } finally {
      await watcher.disconnect();
    }

    const burst = Array.from({ length: total }, pipeline.inputs(3, `burst${members}`, members));
    const byTopic = new Map<string, BenchRecord[]>();
    for (const b of burst) {
      const list = byTopic.get(b.topic) ?? [];
      list.push(b.record);
      byTopic.set(b.topic, list);
    }
    const readsBefore = await tableReads(db, pipeline.schema);
    const cpuGroups = standardGroups(service.child.pid, pipeline.service);
    const cpuBefore = sampleCpu(cpuGroups);
    const startedAt = performance.now();
    await Promise.all(
      [...byTopic].map(([topic, records]) => publishAll(ctx.kafka, topic, records.length, (i) => [records[i]!])),
    );
    let throughput: number | null = null;
    try {
      const doneAt = await waitForGroupCaughtUp(ctx.kafka, pipeline.group.id, pipeline.group.topics, ctx.window(ctx.quick ? 300_000 : 900_000));
      throughput = perSecond(total, doneAt - startedAt);
    } catch (error) {
      problems.push(`full speed did not finish: ${(error as Error).message}`);
    }
    const cpu = describeCpuPerEvent(cpuBefore, sampleCpu(cpuGroups), total, 'the full-speed phase', { ceiling: false, unit: 'input' });
    const sizes = await tableSizes(db, pipeline.schema);
    const reads = readsPerEvent(readsBefore, await tableReads(db, pipeline.schema), total).map((r) => ({ ...r, mib: sizes.get(r.table) ?? 0 }));
    if (service.exited) problems.push(`${pipeline.service} exited (code ${service.exited.code})`);
    return { members, throughput, p99: latency ? latency.p99 : null, latency, reads, cpu, seedSeconds, problems };
  } finally {
    await db.end();
  }
} // prettier-ignore

/**
 * Why a pipeline's figures moved with the size, from the measurement: the table whose reads per
 * input grew the most between the smallest and the largest size (blocks from outside
 * shared_buffers first: those are the ones a larger table makes miss).
 */
export function explain(name: string, results: readonly Measured[]): string {
  const first = results[0];
  const last = results[results.length - 1];
  if (!first || !last || first === last) return `${name}: one size only, nothing to compare.`;
  const change = (a: number | null, b: number | null) =>
    a && b ? `${b >= a ? '+' : ''}${Math.round((b / a - 1) * 100)}%` : 'n/a';
  const grown = last.reads
    .map((r) => {
      const before = first.reads.find((x) => x.table === r.table) ?? { hit: 0, read: 0, mib: 0 };
      return { ...r, before, growth: r.read + r.hit - (before.read + before.hit), readGrowth: r.read - before.read };
    })
    .sort((a, b) => b.readGrowth - a.readGrowth || b.growth - a.growth)[0];
  const sizeText = (m: number) => m.toLocaleString('en-US');
  return (
    `${name}, ${sizeText(first.members)} → ${sizeText(last.members)} members: throughput ${change(first.throughput, last.throughput)}, p99 ${change(first.p99, last.p99)}.` +
    (grown
      ? ` The largest change in PostgreSQL's reads per input: ${grown.table} (${fmt(grown.before.mib)} → ${fmt(grown.mib)} MiB), ${fmt(grown.before.hit, 1)} → ${fmt(grown.hit, 1)} blocks from shared_buffers and ${fmt(grown.before.read, 2)} → ${fmt(grown.read, 2)} from outside it.`
      : '')
  );
} // prettier-ignore

/** Whether a pipeline's throughput and p99 stayed within the limit over the sizes, and by how much. */
export function verdictOf(...lines: Line[]): string {
  const judged = growthBreaches(lines, LIMIT);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [
    ...judged.within.map((w) => `${w.name}: within ${pct(LIMIT)} over the sizes (spread ${pct(w.spread)}).`),
    ...judged.beyond.map((b) => `${b.name}: **not** within ${pct(LIMIT)} (spread ${pct(b.spread)}).`),
    ...judged.unjudged.map((u) => `${u}: not measured at every size.`),
  ].join(' ');
} // prettier-ignore

async function sharedBuffers(ctx: BenchContext): Promise<string> {
  const db = new Client({ connectionString: ctx.options.databaseUrl });
  await db.connect();
  try {
    return (await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!
      .shared_buffers;
  } finally {
    await db.end();
  }
}
