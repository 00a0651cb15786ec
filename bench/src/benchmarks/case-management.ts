import { topics, errorText } from '@careflow/contracts';
import type { BenchContext } from '../lib/context';
import { Rng, clinicalEventOf, memberIdOf } from '../lib/generate';
import {
  BulkPublisher,
  fastEncode,
  groupLag,
  rawConsume,
  waitForGroupCaughtUp,
} from '../lib/kafka';
import type { Figure } from '../lib/result';
import { ServiceManager } from '../lib/services';
import { perSecond, since, sleep } from '../lib/stats';
import { describeCpuPerEvent, sampleCpu, standardGroups } from '../lib/cpu';
import { assertValid } from '../lib/validate';
import type { BenchOutcome } from './index';
import { seedMemberCoverage } from './routing';
import { judge, memoryFigure } from '../lib/targets';

const PREFIX = 'BCM';
const CLINICAL_TOPICS = [
  topics.medicalClaims.name,
  topics.adtDischarges.name,
  topics.pharmacyClaims.name,
];

export async function caseManagement(ctx: BenchContext): Promise<BenchOutcome> {
  // BENCH_CCM_MEMBERS / BENCH_CCM_EVENTS: a size between --quick and the full million, for a
  // machine on which the full run does not fit the time available (the report says which ran).
  const members = sizeFromEnv('BENCH_CCM_MEMBERS') ?? ctx.scale(1_000_000);
  const total = sizeFromEnv('BENCH_CCM_EVENTS') ?? ctx.scale(1_000_000);
  const instanceCount = sizeFromEnv('BENCH_CCM_INSTANCES') ?? 1;
  const figures: Figure[] = [];
  const skipped: string[] = [];
  const notes: string[] = [];
  const service = await ctx.services.start('case-management');

  // Members and their coverage: the read model case-management keeps from eligibility's topic.
  ctx.log(`case-management: coverage for ${members} members`);
  const seedStart = performance.now();
  await seedMemberCoverage(ctx, PREFIX, members, 1313);
  await waitForGroupCaughtUp(
    ctx.kafka,
    'case-management',
    [topics.memberCoverage.name],
    ctx.quick ? 600_000 : 1_800_000,
    500,
    (lag) => ctx.log(`case-management: coverage lag ${lag}`),
  );
  figures.push({
    label: 'member-coverage snapshots into the read model (publish → lag 0)',
    kind: 'throughput',
    value: perSecond(members, since(seedStart)),
    unit: 'members/s',
  });

  // 1M mixed clinical events: the service end to end, then the raw baseline over the same messages.
  ctx.log(`case-management: generating ${total} claims, discharges and pharmacy fills`);
  const rng = new Rng(2718);
  const byTopic = new Map<
    string,
    { key: string; value: string; headers: Record<string, string> }[]
  >(CLINICAL_TOPICS.map((t) => [t, []]));
  const samples = new Map<string, unknown[]>(CLINICAL_TOPICS.map((t) => [t, []]));
  for (let i = 0; i < total; i++) {
    const memberId = memberIdOf(PREFIX, rng.int(members));
    const e = clinicalEventOf(rng, i, memberId);
    byTopic.get(e.topic)!.push(fastEncode(e.type, memberId, e.data));
    const s = samples.get(e.topic)!;
    if (s.length < 100) s.push(e.data);
  }
  for (const [topic, s] of samples) assertValid(topic, s);
  // A replay: the service is stopped while the events are published, then started over the
  // backlog and timed from ready to group lag 0, as the raw baseline reads the same backlog. The
  // bench producer (itself ~2k–5k events/s on the shared machine) is then not what is measured.
  const seedPeakKb = service.peakKb;
  await service.stop();
  ctx.log('case-management: publishing (service stopped)');
  const publishers = CLINICAL_TOPICS.map((t) => new BulkPublisher(ctx.kafka, t, 2000, 2));
  await Promise.all(publishers.map((p) => p.connect()));
  const startedAt = performance.now();
  await Promise.all(
    publishers.map(async (p, index) => {
      const records = byTopic.get(CLINICAL_TOPICS[index]!)!;
      for (let i = 0; i < records.length; i += 2000) await p.add(records.slice(i, i + 2000));
      await p.close();
    }),
  );
  const publishMs = since(startedAt);
  ctx.log('case-management: starting the service over the backlog');
  // BENCH_CCM_INSTANCES: copies of the service in one consumer group, each taking partitions; the
  // replay is timed from the first one ready (it consumes while the others start), its CPU counted
  // from when all are (the first one's work before that is left out).
  let firstReady: number | undefined;
  const instances = await Promise.all(
    Array.from({ length: instanceCount }, (_, i) =>
      ctx.services
        .start('case-management', i === 0 ? {} : EXTRA_INSTANCE_ENV, i + 1)
        .then((started) => {
          firstReady ??= performance.now();
          return started;
        }),
    ),
  );
  const replay = instances[0]!;
  const instancePids = new Set(instances.map((i) => i.child.pid));
  const cpuGroups = standardGroups(
    (pid) => instancePids.has(pid),
    instanceCount === 1 ? 'case-management' : `case-management (${instanceCount} instances)`,
  );
  const cpuBefore = sampleCpu(cpuGroups);
  const replayFrom = firstReady!;
  const timeoutMs = ctx.window(ctx.quick ? 600_000 : 1_800_000);
  let rate: number | null;
  let note: string | undefined;
  try {
    const doneAt = await waitForGroupCaughtUp(
      ctx.kafka,
      'case-management',
      CLINICAL_TOPICS,
      timeoutMs,
      500,
      (lag) => ctx.log(`case-management: clinical lag ${lag}`),
    );
    rate = perSecond(total, doneAt - replayFrom);
    notes.push(describeCpuPerEvent(cpuBefore, sampleCpu(cpuGroups), total, 'the replay'));
  } catch {
    const lag = Number(await groupLag(ctx.kafka, 'case-management', CLINICAL_TOPICS));
    rate = perSecond(total - lag, since(replayFrom));
    note = `did not finish in ${timeoutMs / 1000} s: ${total - lag} of ${total} handled; rate over those`;
  }
  const replayPeakKb = Math.max(...instances.map((i) => i.sampleMemory()));
  ctx.log('case-management: raw kafkajs consumer over the same messages');
  const raw = await rawConsume(ctx.kafka, CLINICAL_TOPICS, total, 600_000);
  const rawRate = perSecond(raw.count, raw.ms);
  figures.push({
    label: 'case-management replay of the backlog (service ready → group lag 0)',
    kind: 'throughput',
    value: rate,
    unit: 'events/s',
    baseline: { label: 'raw kafkajs consumer, JSON.parse only', value: rawRate },
    target: judge('ccm-ratio', rate, rawRate),
    ...(note ? { note } : {}),
  });
  if (rate !== null)
    notes.push(
      `The CCM issue's own target, ≥ 10,000 events/s for the replay: ${rate >= 10_000 ? 'met' : 'not met'}.`,
    );
  figures.push({
    label: 'bench producer',
    kind: 'throughput',
    value: perSecond(total, publishMs),
    unit: 'events/s',
  });

  // The monthly review over every member.
  try {
    await ServiceManager.requireRoute(replay, 'POST /reviews/monthly');
    const token = await ctx.token('supervisor');
    const month = '2025-07';
    const t0 = performance.now();
    const start = await fetch(`${replay.url}/reviews/monthly?month=${month}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (!start.ok)
      throw new Error(
        `POST /reviews/monthly answered ${start.status} ${(await start.text()).slice(0, 200)}`,
      );
    const limitMs = ctx.quick ? 600_000 : 1_800_000;
    let summary: {
      status?: string;
      membersScanned?: number;
      membersWithActiveCoverage?: number;
      counts?: Record<string, number>;
      error?: string | null;
    } = {};
    while (since(t0) < limitMs) {
      const r = await fetch(`${replay.url}/reviews/monthly/${month}?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (r.ok) summary = (await r.json()) as typeof summary;
      if (summary.status && summary.status !== 'running') break;
      await sleep(1000);
    }
    const ms = since(t0);
    if (summary.status !== 'completed')
      throw new Error(
        `the review ended "${summary.status ?? 'unknown'}" after ${Math.round(ms / 1000)} s${summary.error ? `: ${summary.error}` : ''}`,
      );
    figures.push({
      label: `POST /reviews/monthly over ${(summary.membersScanned ?? 0).toLocaleString('en-US')} members (${(summary.membersWithActiveCoverage ?? 0).toLocaleString('en-US')} covered)`,
      kind: 'duration',
      value: ms / 1000,
      unit: 's',
      target: {
        text: '< 5 min for 1,000,000 members',
        met: members >= 1_000_000 ? ms < 300_000 : null,
      },
    });
    notes.push(`Review outcome counts: ${JSON.stringify(summary.counts ?? {})}.`);
  } catch (error) {
    skipped.push(`monthly review: ${errorText(error)}`);
  }
  figures.push(
    memoryFigure(
      'case-management',
      Math.max(seedPeakKb, ...instances.map((i) => i.sampleMemory())),
      'the largest of its processes: seeding, replay, review',
    ),
  );
  notes.push(
    `Peak memory by phase (VmHWM): seeding ${mib(seedPeakKb)}, replay ${mib(replayPeakKb)} (its peak when the group reached lag 0), after the review ${mib(Math.max(...instances.map((i) => i.peakKb)))}.`,
  );
  notes.push(
    `${members.toLocaleString('en-US')} members seeded as eligibility.member-coverage.v1 snapshots; ${total.toLocaleString('en-US')} events (45% medical claims, 15% ADT discharges, 40% pharmacy fills) on random members, published to their three topics at once while the service is stopped; the service is then started and timed from ready (HTTP up, consumer joined) to group lag 0 over that backlog (chunks of its KAFKA_CHUNK_SIZE default).`,
    'Baseline: a plain kafkajs group reading the same three topics afterwards (JSON.parse only).',
    'Monthly review: month 2025-07 (as of 2025-07-31), timed from the POST to the report saying completed (polled every second).',
  );
  return { status: skipped.length ? 'partial' : 'ok', figures, latencies: [], skipped, notes };
}

/** Copies after the first only consume: the schedules run on the first. */
const EXTRA_INSTANCE_ENV = {
  MONTHLY_REVIEW_CRON: 'off',
  ASSESSMENT_OVERDUE_CRON: 'off',
  SEED_DEV_CASE_MANAGERS: 'false',
};

function mib(kb: number): string {
  return `${Math.round(kb / 1024)} MiB`;
}

/** A size variable (BENCH_*), or null when unset; refuses anything but an integer 1-10M. */
export function sizeFromEnv(name: string): number | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
    throw new Error(`${name} must be an integer from 1 to 10,000,000, not ${raw}`);
  return n;
}
