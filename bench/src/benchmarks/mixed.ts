import { consumerGroupOf, topics, errorText } from '@careflow/contracts';
import type { BenchContext } from '../lib/context';
import { Rng, clinicalEventOf, coverageEventsOf, memberIdOf, paRequestOf } from '../lib/generate';
import { GroupTracker, type DrainOutcome, type TrackedGroup } from '../lib/groups';
import {
  BulkPublisher,
  fastEncode,
  publishAll,
  rawConsume,
  topicEndOffsets,
  waitForGroupCaughtUp,
  watchTopic,
  type BenchRecord,
} from '../lib/kafka';
import { OutputMatcher } from '../lib/matcher';
import type { Figure, LatencyFigure } from '../lib/result';
import { NotRunError } from '../lib/result';
import type { RunningService, ServiceName } from '../lib/services';
import { publishSteadyFromSources } from '../lib/sources';
import { latencyFigure, loadAverageText, perSecond, since, sleep, summarize } from '../lib/stats';
import {
  describeCpuPerEvent,
  sampleCpu,
  standardGroups,
  type CpuSample,
  type ProcessGroup,
} from '../lib/cpu';
import { judge, memoryFigure } from '../lib/targets';
import { assertValid } from '../lib/validate';
import type { BenchOutcome } from './index';

/** Members covered before the run starts. */
export const PREFIX = 'BMX';
/** Members whose first coverage arrives in the mixed stream. */
const NEW_PREFIX = 'BMN';
export const SERVICES: ServiceName[] = [
  'eligibility',
  'authorization-routing',
  'case-management',
  'pcp-notification',
];

/** Every topic each service's consumer group subscribes to (its @OnEvent / @OnEventBatch handlers). */
const GROUPS: TrackedGroup[] = [
  { name: 'eligibility', groupId: 'eligibility', topics: [topics.eligibilityCoverage.name] },
  // The same group also keeps a caseload projection from the case events case-management publishes.
  { name: 'eligibility (caseload)', groupId: 'eligibility', topics: [topics.ccmCases.name] },
  {
    name: 'authorization-routing',
    groupId: consumerGroupOf('authorization-routing', topics.paRequests.name),
    topics: [topics.paRequests.name],
  },
  // Routing reads member coverage on a consumer (and group) of its own.
  {
    name: 'authorization-routing (coverage)',
    groupId: consumerGroupOf('authorization-routing', topics.memberCoverage.name),
    topics: [topics.memberCoverage.name],
  },
  {
    name: 'case-management',
    groupId: 'case-management',
    topics: [
      topics.medicalClaims.name,
      topics.adtDischarges.name,
      topics.pharmacyClaims.name,
      topics.encounters.name,
      topics.labResults.name,
      topics.mtmEvents.name,
      topics.ccmReferrals.name,
      topics.memberCoverage.name,
    ],
  },
  {
    name: 'pcp-notification',
    groupId: 'pcp-notification',
    topics: [topics.ccmCases.name, topics.clinicalStatusUpdates.name, topics.memberCoverage.name],
  },
];
/** Services whose input in the full-speed batch is what other services publish. */
const FED_BY: Record<string, string> = {
  'pcp-notification': 'case events from case-management and snapshots from eligibility',
  'eligibility (caseload)': 'case events from case-management',
  'authorization-routing (coverage)': 'snapshots from eligibility',
};
const OUTPUT_TOPICS = [
  topics.paRoutingDecisions.name,
  topics.ccmEvaluations.name,
  topics.pcpNotifications.name,
  topics.carePrograms.name,
];

/** Kinds of input, in report order, with the output each is matched to. */
export const KINDS = {
  coverage: 'coverage.updated → member-coverage snapshot (eligibility)',
  'medical-claim': 'medical claim → evaluation on ccm.evaluations.v1 (case-management)',
  discharge: 'ADT discharge → evaluation (case-management)',
  'pharmacy-fill': 'pharmacy fill → evaluation (case-management)',
  'pa-request': 'PA request → decision on pa.routing-decisions.v1 (authorization-routing)',
  enrollment:
    'assessment "enrolled" (HTTP POST to case-management) → enrollment notice sent on pcp.notifications.v1 (pcp-notification)',
} as const;
export type Kind = keyof typeof KINDS;

const KIND_OF_CLINICAL_TOPIC: Record<string, Exclude<Kind, 'enrollment'>> = {
  [topics.medicalClaims.name]: 'medical-claim',
  [topics.adtDischarges.name]: 'discharge',
  [topics.pharmacyClaims.name]: 'pharmacy-fill',
};

export interface MixedItem {
  kind: Exclude<Kind, 'enrollment'>;
  topic: string;
  /** The id its output names: the CloudEvent id (coverage, clinical) or the requestId (PA). */
  id: string;
  /** Inputs of one key may be folded into one output (see OutputMatcher). */
  key: string;
  memberId: string;
  data: unknown;
  record: BenchRecord;
}

/**
 * The mixed stream: coverage of new members (all events of a member in a row), claims, discharges
 * and pharmacy fills (the CCM mix 45/15/40) on `clinicalMembers` of the covered members, PA
 * requests on any covered member. Deterministic for a seed.
 */
export class MixedStream {
  private readonly rng: Rng;
  private readonly coverageQueue: { memberId: string; data: Record<string, unknown> }[] = [];
  private seq = 0;
  private newMembers = 0;

  constructor(
    seed: number,
    private readonly name: string,
    private readonly members: number,
    private readonly clinicalMembers: number,
    private readonly newMemberOffset: number,
    private readonly weights: { coverage: number; clinical: number; pa: number },
  ) {
    this.rng = new Rng(seed);
  }

  next(): MixedItem {
    const seq = this.seq++;
    const id = `${this.name}-${seq}`;
    const choice = this.rng.weighted<'coverage' | 'clinical' | 'pa'>([
      ['coverage', this.weights.coverage],
      ['clinical', this.weights.clinical],
      ['pa', this.weights.pa],
    ]);
    if (choice === 'coverage') {
      if (this.coverageQueue.length === 0) {
        const memberId = memberIdOf(NEW_PREFIX, this.newMemberOffset + this.newMembers++);
        for (const data of coverageEventsOf(this.rng, memberId))
          this.coverageQueue.push({ memberId, data });
      }
      const { memberId, data } = this.coverageQueue.shift()!;
      return {
        kind: 'coverage',
        topic: topics.eligibilityCoverage.name,
        id,
        key: `coverage|${memberId}`,
        memberId,
        data,
        record: fastEncode(topics.eligibilityCoverage.eventType, memberId, data, id),
      };
    }
    if (choice === 'clinical') {
      const memberId = memberIdOf(PREFIX, this.rng.int(this.clinicalMembers));
      const e = clinicalEventOf(this.rng, seq, memberId);
      // Claim, encounter and fill ids carry the stream's name so phases never reuse one.
      const data = { ...e.data } as Record<string, unknown>;
      for (const field of ['claimId', 'encounterId'])
        if (typeof data[field] === 'string') data[field] = `${data[field]}-${this.name}`;
      return {
        kind: KIND_OF_CLINICAL_TOPIC[e.topic]!,
        topic: e.topic,
        id,
        key: `${e.topic}|${memberId}`,
        memberId,
        data,
        record: fastEncode(e.type, memberId, data, id),
      };
    }
    const requestId = `BMXRQ-${id}`;
    const data = paRequestOf(this.rng, requestId, memberIdOf(PREFIX, this.rng.int(this.members)));
    return {
      kind: 'pa-request',
      topic: topics.paRequests.name,
      id: requestId,
      key: `pa|${requestId}`,
      memberId: data.memberId,
      data,
      record: fastEncode(topics.paRequests.eventType, data.memberId, data),
    };
  }

  take(count: number): MixedItem[] {
    return Array.from({ length: count }, () => this.next());
  }
}

/** Checks up to 100 generated records of each topic against the contract. */
export function validate(items: readonly MixedItem[]): void {
  const samples = new Map<string, unknown[]>();
  for (const item of items) {
    const list = samples.get(item.topic) ?? [];
    if (list.length < 100) list.push(item.data);
    samples.set(item.topic, list);
  }
  for (const [topic, list] of samples) assertValid(topic, list);
}

/** Coverage for the members covered before the run, through eligibility as an 834 feed sends it. */
export function initialCoverage(members: number): {
  groups: BenchRecord[][];
  withPcp: Set<string>;
  sample: unknown[];
  events: number;
} {
  const rng = new Rng(60606);
  const groups: BenchRecord[][] = [];
  const withPcp = new Set<string>();
  const sample: unknown[] = [];
  let events = 0;
  for (let m = 0; m < members; m++) {
    const memberId = memberIdOf(PREFIX, m);
    const list = coverageEventsOf(rng, memberId);
    // Every generated member's last span is open-ended: its PCP is the one in force today.
    if (list[list.length - 1]!.pcp !== null) withPcp.add(memberId);
    if (sample.length < 200) sample.push(...list);
    groups.push(
      list.map((data, i) =>
        fastEncode(
          topics.eligibilityCoverage.eventType,
          memberId,
          data,
          `bmx-coverage-${memberId}-${i}`,
        ),
      ),
    );
    events += list.length;
  }
  return { groups, withPcp, sample, events };
}

/**
 * Coverage for the members covered before the run, published as an 834 feed sends it, through
 * eligibility and on into the read models of routing, case-management and pcp-notification.
 */
export async function seedMixedCoverage(
  ctx: BenchContext,
  members: number,
  name: string,
): Promise<ReturnType<typeof initialCoverage> & { startedAt: number }> {
  const coverage = initialCoverage(members);
  assertValid(topics.eligibilityCoverage.name, coverage.sample);
  ctx.log(
    `${name}: coverage for ${members} members (${coverage.events} coverage.updated events) through eligibility`,
  );
  const startedAt = performance.now();
  await publishAll(
    ctx.kafka,
    topics.eligibilityCoverage.name,
    coverage.groups.length,
    (i) => coverage.groups[i]!,
  );
  const seedWindow = ctx.window(ctx.quick ? 600_000 : 1_200_000);
  await waitForGroupCaughtUp(
    ctx.kafka,
    'eligibility',
    [topics.eligibilityCoverage.name],
    seedWindow,
    500,
    (lag) => ctx.log(`${name}: eligibility coverage lag ${lag}`),
  );
  for (const service of ['authorization-routing', 'case-management', 'pcp-notification'] as const)
    await waitForGroupCaughtUp(
      ctx.kafka,
      consumerGroupOf(service, topics.memberCoverage.name),
      [topics.memberCoverage.name],
      seedWindow,
      500,
      (lag) => ctx.log(`${name}: ${service} member-coverage lag ${lag}`),
    );
  return { ...coverage, startedAt };
}

/**
 * Resolves the inputs an output names: snapshot spans by sourceEventId, decisions by requestId,
 * evaluations by trigger.eventId. False for any other topic.
 */
export function resolveStreamOutput(
  matcher: OutputMatcher,
  topic: string,
  v: Record<string, unknown>,
  at: number,
  sentAt?: number,
): boolean {
  if (topic === topics.memberCoverage.name) {
    for (const span of (v.spans as { sourceEventId?: string }[] | undefined) ?? [])
      matcher.resolve(span.sourceEventId, at, sentAt);
  } else if (topic === topics.paRoutingDecisions.name) {
    matcher.resolve(v.requestId as string, at, sentAt);
  } else if (topic === topics.ccmEvaluations.name) {
    matcher.resolve((v.trigger as { eventId?: string | null } | undefined)?.eventId, at, sentAt);
  } else return false;
  return true;
}

/**
 * A watcher reads from the beginning: once it has read every snapshot of the coverage phase it
 * is live, and what it reads from then on is timed as it arrives.
 */
export async function waitUntilLive(ctx: BenchContext, snapshotsSeen: () => number): Promise<void> {
  const snapshotsSoFar = [
    ...(await topicEndOffsets(ctx.kafka, topics.memberCoverage.name)).values(),
  ].reduce((a, b) => a + b, 0n);
  const liveDeadline = Date.now() + 180_000;
  while (BigInt(snapshotsSeen()) < snapshotsSoFar && Date.now() < liveDeadline) await sleep(100);
  if (BigInt(snapshotsSeen()) < snapshotsSoFar)
    throw new Error(
      `the output watcher read ${snapshotsSeen()} of ${snapshotsSoFar} member-coverage snapshots in 180 s`,
    );
}

/** The four services of the mixed stream, started and ready. */
export async function startMixedServices(
  ctx: BenchContext,
): Promise<Map<ServiceName, RunningService>> {
  const running = new Map<ServiceName, RunningService>();
  for (const name of SERVICES)
    running.set(
      name,
      await ctx.services.start(
        name,
        // Every triggering event gets its evaluation, so each claim, discharge and fill has an output;
        // every case gets a case manager (the development roster holds 225 open cases, and an
        // unassigned case's enrollment sends no letter, by design), so each enrollment has a notice.
        name === 'case-management'
          ? { EVALUATION_PUBLISHING: 'every-trigger', ASSIGNMENT_WHEN_FULL: 'least-loaded' }
          : {},
      ),
    );
  return running;
}

export async function mixed(ctx: BenchContext): Promise<BenchOutcome> {
  const members = ctx.scale(10_000);
  const clinicalMembers = ctx.scale(1_000);
  const figures: Figure[] = [];
  const latencies: LatencyFigure[] = [];
  const skipped: string[] = [];
  const notes: string[] = [];
  const problems: string[] = [];

  const running = await startMixedServices(ctx);
  const caseManagement = running.get('case-management')!;
  // CPU per event of the steady phase, by process: each service, PostgreSQL, Kafka, the benchmark.
  const cpuGroups: ProcessGroup[] = [
    ...SERVICES.map((name) => ({
      label: name,
      matches: (p: { pid: number }) => p.pid === running.get(name)!.child.pid,
    })),
    ...standardGroups(undefined, '').slice(1),
  ];

  // 1. Coverage of the members, end to end: eligibility, then the three read models it feeds.
  const coverage = await seedMixedCoverage(ctx, members, 'mixed');
  const seedStart = coverage.startedAt;
  figures.push({
    label: `coverage phase, ${members.toLocaleString('en-US')} members: eligibility, then the read models of routing, case-management and pcp-notification (first publish → every group at lag 0)`,
    kind: 'throughput',
    value: perSecond(coverage.events, since(seedStart)),
    unit: 'coverage events/s',
  });

  // 2. The steady phase: the mix at a fixed rate, each input matched with its output.
  const rate = 200;
  const seconds = ctx.quick ? 10 : 60;
  const enrollPerSecond = 5;
  const maxEnrollments = enrollPerSecond * seconds;
  const weights = { coverage: 5, clinical: 60, pa: 35 };
  const matcher = new OutputMatcher();
  const casesSeen = new Set<string>();
  const enrollQueue: string[] = [];
  let enrolling = false;
  let identifiedCases = 0;
  let snapshotsSeen = 0;
  const watcher = await watchTopic(
    ctx.kafka,
    [
      topics.memberCoverage.name,
      topics.paRoutingDecisions.name,
      topics.ccmEvaluations.name,
      topics.ccmCases.name,
      topics.pcpNotifications.name,
    ],
    (topic, value, _headers, timestamp) => {
      const at = performance.now();
      // When the service sent the output (its producer's timestamp), on the performance.now() clock.
      const sentAt = timestamp === undefined ? undefined : timestamp - performance.timeOrigin;
      const v = value as Record<string, unknown> | null;
      if (!v) return;
      if (topic === topics.memberCoverage.name) snapshotsSeen++;
      if (resolveStreamOutput(matcher, topic, v, at, sentAt)) return;
      if (topic === topics.ccmCases.name) {
        const caseId = v.caseId as string;
        if (v.status !== 'identified' || casesSeen.has(caseId)) return;
        casesSeen.add(caseId);
        identifiedCases++;
        // A case manager enrolls the member; only members whose coverage names a PCP get a notice.
        if (coverage.withPcp.has(v.memberId as string)) enrollQueue.push(caseId);
      } else if (
        topic === topics.pcpNotifications.name &&
        v.kind === 'enrollment-notice' &&
        v.status === 'sent'
      ) {
        matcher.resolve(v.caseId as string, at, sentAt);
      }
    },
  );

  await waitUntilLive(ctx, () => snapshotsSeen);

  const steadyItems = new MixedStream(7, 'bmx-steady', members, clinicalMembers, 0, weights).take(
    rate * seconds,
  );
  const warmItems = new MixedStream(8, 'bmx-warm', members, clinicalMembers, 900_000, weights).take(
    rate,
  );
  validate([...steadyItems, ...warmItems]);
  const token = await ctx.token('supervisor');
  const assessmentMs: number[] = [];
  let enrollFailures = 0;
  let firstEnrollFailure: string | null = null;
  const enrollOne = async (caseId: string) => {
    const at = performance.now();
    matcher.sent('enrollment', `case|${caseId}`, caseId, at);
    try {
      const response = await fetch(
        `${caseManagement.url}/cases/${encodeURIComponent(caseId)}/assessment`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ outcome: 'enrolled' }),
        },
      );
      const body = await response.text();
      assessmentMs.push(performance.now() - at);
      if (!response.ok) {
        matcher.withdraw(caseId);
        enrollFailures++;
        firstEnrollFailure ??= `${response.status} ${body.slice(0, 200)}`;
      }
    } catch (error) {
      matcher.withdraw(caseId);
      enrollFailures++;
      firstEnrollFailure ??= errorText(error);
    }
  };
  // Case managers working in parallel: one enrollment every 1/enrollPerSecond s, not waiting for
  // the previous answer (at most 10 open requests).
  const enrollLoop = async () => {
    const interval = 1000 / enrollPerSecond;
    const open = new Set<Promise<void>>();
    let due = performance.now();
    while (enrolling && matcher.sentOf('enrollment') < maxEnrollments) {
      const caseId = enrollQueue[0];
      if (caseId === undefined || open.size >= 10) {
        await sleep(20);
        continue;
      }
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      due = Math.max(due + interval, performance.now());
      enrollQueue.shift();
      const request = enrollOne(caseId).finally(() => open.delete(request));
      open.add(request);
    }
    await Promise.all(open);
  };

  const loadAtSteady = loadAverageText();
  let cpuBefore: CpuSample | undefined;
  let cpuAfter: CpuSample | undefined;
  let steadyBehindMs = 0;
  let steadyMs = 0;
  let produceRequests = 0;
  let ackMs: number[] = [];
  try {
    // Warm-up (not measured): connections, JIT, the first chunks of each handler.
    await publishSteadyFromSources(
      ctx.kafka,
      warmItems.map((w) => ({ topic: w.topic, record: w.record })),
      rate,
      () => undefined,
    );
    await sleep(3000);
    ctx.log(
      `mixed: steady ${rate}/s for ${seconds} s (coverage ${weights.coverage}%, claims/discharges/fills ${weights.clinical}%, PA ${weights.pa}%), enrollments of identified cases at ${enrollPerSecond}/s`,
    );
    enrolling = true;
    const enrollments = enrollLoop();
    cpuBefore = sampleCpu(cpuGroups);
    const run = await publishSteadyFromSources(
      ctx.kafka,
      steadyItems.map((s) => ({ topic: s.topic, record: s.record })),
      rate,
      (i, at) => {
        const s = steadyItems[i]!;
        matcher.sent(s.kind, s.key, s.id, at);
      },
    );
    steadyBehindMs = run.behindMs;
    steadyMs = run.ms;
    produceRequests = run.requests;
    ackMs = run.ackMs.filter((ms) => !Number.isNaN(ms));
    // Enrollments go on while the services work through the stream (cases are identified as the
    // claims are handled), then their notices get their own time.
    const streamKinds = Object.keys(KINDS).filter((k) => k !== 'enrollment');
    const deadline = Date.now() + 120_000;
    while (streamKinds.some((k) => matcher.pendingOf(k) > 0) && Date.now() < deadline)
      await sleep(200);
    // Until every stream input has its output: the work the steady phase asked for, done.
    cpuAfter = sampleCpu(cpuGroups);
    enrolling = false;
    await enrollments;
    const noticeDeadline = Date.now() + 90_000;
    while (matcher.pending > 0 && Date.now() < noticeDeadline) await sleep(200);
  } finally {
    enrolling = false;
    await watcher.disconnect();
  }
  if (cpuBefore && cpuAfter)
    notes.push(
      describeCpuPerEvent(
        cpuBefore,
        cpuAfter,
        steadyItems.length,
        `the steady phase (${rate} events/s)`,
        { ceiling: false },
      ),
    );
  const minima: string[] = [];
  const splits: string[] = [];
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const samples = matcher.latenciesOf(kind);
    const sent = matcher.sentOf(kind);
    if (sent === 0) {
      if (kind === 'enrollment')
        skipped.push(
          `enrollment → notice: no identified case to enroll (${identifiedCases} identified in all)`,
        );
      continue;
    }
    if (samples.length === 0) {
      problems.push(`no output for any of the ${sent} steady-rate inputs "${KINDS[kind]}"`);
      continue;
    }
    const figure = latencyFigure(`${KINDS[kind]}, ${rate}/s mix for ${seconds} s`, samples);
    // Issue #29: every publish-to-effect path, the enrollment's notice too (its own README
    // promises a minute), under 250 ms at the 99th percentile.
    figure.target = judge(
      'mixed-p99',
      samples.length === sent ? figure.p99 : Number.POSITIVE_INFINITY,
    );
    latencies.push(figure);
    if (samples.length < sent)
      problems.push(
        `${sent - samples.length} of ${sent} "${kind}" inputs got no output within the wait (120 s after the last publish; enrollments 90 s more)`,
      );
    minima.push(`${kind} ${Math.round(Math.min(...samples))} ms`);
    const inService = matcher.inServiceOf(kind);
    if (inService.length > 0) splits.push(`${kind} ${latencySplit(inService, samples)}`);
  }
  if (ackMs.length)
    latencies.push(
      latencyFigure(
        `inputs: publish → broker ack (acks=all, one producer per source topic), ${rate}/s mix`,
        ackMs,
      ),
    );
  if (assessmentMs.length) {
    const lat = latencyFigure(
      `POST /cases/{id}/assessment answered (case-management HTTP, ${enrollPerSecond}/s), ${rate}/s mix`,
      assessmentMs,
    );
    latencies.push(lat);
  }
  if (enrollFailures)
    problems.push(
      `${enrollFailures} assessment POSTs failed (first: ${firstEnrollFailure ?? 'unknown'})`,
    );
  notes.push(`Fastest input of each kind at the steady rate: ${minima.join(', ')}.`);
  if (splits.length)
    notes.push(
      `Steady-rate latency split by the output's Kafka timestamp (set when the service sent it; p50 / p99): ${splits.join('; ')}.`,
    );
  notes.push(
    `The steady stream went out at ${Math.round(perSecond(steadyItems.length, steadyMs))} events/s (${steadyItems.length} in ${(steadyMs / 1000).toFixed(1)} s; asked: ${rate}/s) in ${produceRequests} produce requests: records due at the same moment (a late timer on the loaded machine) share a request per topic.${steadyBehindMs > 50 ? ` The publisher fell up to ${Math.round(steadyBehindMs)} ms behind its schedule at worst.` : ''}`,
  );
  notes.push(
    `Steady phase: ${steadyItems.length.toLocaleString('en-US')} events at ${rate}/s, one producer per topic as separate source systems would (${Object.entries(
      steadyItems.reduce<Record<string, number>>((acc, s) => {
        acc[s.kind] = (acc[s.kind] ?? 0) + 1;
        return acc;
      }, {}),
    )
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )}); claims, discharges and fills on ${clinicalMembers.toLocaleString('en-US')} of the ${members.toLocaleString('en-US')} covered members (the high utilizers, so that some meet the CCM criteria within the minute), PA requests on any of them, coverage for members new to the plan. ${identifiedCases} cases were identified by case-management; a case manager (supervisor token) enrolled each one whose member's coverage names a PCP, at most ${enrollPerSecond}/s (${matcher.sentOf('enrollment')} enrollments).`,
    "Latency = from just before the send (the produce request, or the HTTP POST for enrollments) to the output read by a consumer of the output topic, matched by id: snapshot spans by sourceEventId (the coverage event id), decisions by requestId, evaluations by trigger.eventId (the event id), notices by caseId. case-management evaluates a member once per chunk and names the chunk's last event of that member as the trigger; the earlier events of the member folded into it are matched to the same evaluation (same for eligibility's newest snapshot per member). case-management runs with EVALUATION_PUBLISHING=every-trigger (the default, on-change, publishes only when criteria or eligibility change) so that every event has an evaluation to wait for, and with ASSIGNMENT_WHEN_FULL=least-loaded so that every case has a case manager (the development roster holds 225 open cases; an unassigned case's enrollment sends no letter, by design) and every enrollment a notice.",
  );

  // 3. Full speed: a large mixed batch, events/s per service, vs raw kafkajs on the same records.
  const total = ctx.scale(100_000);
  const burst = new MixedStream(9, 'bmx-burst', members, members, 1_000_000, {
    coverage: 10,
    clinical: 55,
    pa: 35,
  }).take(total);
  validate(burst);
  const byTopic = new Map<string, BenchRecord[][]>();
  for (let i = 0; i < burst.length; i++) {
    const item = burst[i]!;
    const groups = byTopic.get(item.topic) ?? [];
    byTopic.set(item.topic, groups);
    const last = groups[groups.length - 1];
    // A member's coverage events stay together, in order, in one batch.
    if (item.kind === 'coverage' && last && burst[i - 1]?.memberId === item.memberId)
      last.push(item.record);
    else groups.push([item.record]);
  }
  const loadAtBurst = loadAverageText();
  ctx.log(
    `mixed: full speed, ${total} events on ${[...byTopic.keys()].length} topics while all four services consume`,
  );
  const tracker = new GroupTracker(ctx.kafka, GROUPS, OUTPUT_TOPICS);
  await tracker.connect();
  let drained: DrainOutcome;
  let publishMs = 0;
  let startedAt = performance.now();
  let publishEndAt = Number.NaN;
  try {
    const before = await tracker.endOffsets();
    const publishing = (async () => {
      const t0 = performance.now();
      startedAt = t0;
      await Promise.all(
        [...byTopic].map(async ([topic, groups]) => {
          const publisher = new BulkPublisher(ctx.kafka, topic, 2000, 2);
          await publisher.connect();
          for (const group of groups) await publisher.add(group);
          await publisher.close();
        }),
      );
      publishMs = since(t0);
      publishEndAt = performance.now();
    })();
    const timeoutMs = ctx.window(ctx.quick ? 600_000 : 1_500_000);
    drained = await tracker.waitDrained(before, publishing, {
      timeoutMs,
      onProgress: (lags) =>
        ctx.log(`mixed: lag ${[...lags].map(([name, lag]) => `${name} ${lag}`).join(', ')}`),
    });
    await publishing;
    if (drained.timedOut)
      problems.push(
        `not every service caught up within ${timeoutMs / 1000} s (lag left: ${drained.groups.map((g) => `${g.name} ${g.lag}`).join(', ')}); their rates are over what they handled`,
      );
  } finally {
    await tracker.disconnect();
  }

  ctx.log('mixed: raw kafkajs produce + consume of the same records');
  const rawConsumer = rawConsume(ctx.kafka, 'bench.raw.v1', total, 600_000);
  await sleep(2000); // let the group join so the clock covers produce + consume
  const rawPub = await publishAll(ctx.kafka, 'bench.raw.v1', total, (i) => [burst[i]!.record]);
  const raw = await rawConsumer;
  const rawRate = perSecond(total, raw.doneAt - rawPub.startedAt);
  const baseline = {
    label: `raw kafkajs produce + consume of the same ${total.toLocaleString('en-US')} records`,
    value: rawRate,
  };

  const doneTimes = drained.groups.map((g) => g.doneAt);
  const allDone = doneTimes.every((t) => t !== null);
  const lagLeft = drained.groups.reduce((sum, g) => sum + g.lag, 0);
  const allRate = allDone
    ? perSecond(total, Math.max(...drained.groups.map((g) => g.doneAt ?? 0)) - startedAt)
    : perSecond(Math.max(0, total - lagLeft), since(startedAt));
  figures.push({
    label: `full speed, all four services: ${total.toLocaleString('en-US')} mixed events, first publish → every group at lag 0`,
    kind: 'throughput',
    value: allRate,
    unit: 'events/s',
    baseline,
    target: judge('mixed-ratio', allRate, rawRate),
    ...(allDone ? {} : { note: 'not finished in the time limit: rate over the events handled' }),
  });
  for (const g of drained.groups) {
    figures.push({
      label: `full speed, ${g.name}: ${g.consumed.toLocaleString('en-US')} events of its topics, first publish → its group at lag 0`,
      kind: 'throughput',
      value:
        g.doneAt !== null
          ? perSecond(g.consumed, g.doneAt - startedAt)
          : perSecond(g.consumed, since(startedAt)),
      unit: 'events/s',
      baseline,
      ...(g.doneAt === null
        ? { note: `lag ${g.lag} left at the time limit` }
        : FED_BY[g.name]
          ? { note: `its input is ${FED_BY[g.name]}: bounded by them` }
          : g.doneAt - publishEndAt < 1500
            ? {
                note: `at lag 0 within 1.5 s of the last publish: it kept up with the bench producer, a lower bound`,
              }
            : {}),
    });
  }
  figures.push({
    label: 'bench producer (one batched producer per topic, all topics at once)',
    kind: 'throughput',
    value: perSecond(total, publishMs),
    unit: 'events/s',
  });
  const outputs: [string, string][] = [
    [topics.memberCoverage.name, 'member-coverage snapshots (eligibility)'],
    [topics.paRoutingDecisions.name, 'routing decisions'],
    [topics.ccmEvaluations.name, 'evaluations (case-management)'],
    [topics.ccmCases.name, 'case events (case-management)'],
    [topics.carePrograms.name, 'care-program changes (case-management)'],
    [topics.pcpNotifications.name, 'PCP notifications (the batch enrolls no case)'],
  ];
  for (const [topic, label] of outputs)
    figures.push({
      label: `full speed: ${label} published`,
      kind: 'count',
      value: drained.appended.get(topic) ?? 0,
      unit: 'events',
    });

  for (const name of SERVICES) {
    const service = running.get(name)!;
    figures.push(memoryFigure(name, service.sampleMemory(), 'whole benchmark'));
    if (service.exited)
      problems.push(`${name} exited during the benchmark (code ${service.exited.code})`);
  }
  const inputs = burst.reduce<Record<string, number>>((acc, s) => {
    acc[s.topic] = (acc[s.topic] ?? 0) + 1;
    return acc;
  }, {});
  notes.push(
    `Full speed: ${total.toLocaleString('en-US')} events (${Object.entries(inputs)
      .map(([t, n]) => `${n.toLocaleString('en-US')} on ${t}`)
      .join(
        ', ',
      )}) on the ${members.toLocaleString('en-US')} covered members and new ones, produced to their topics at once (batches of 2000, 2 in flight per topic) while the four services consume. Each service's figure counts every record of every topic its group subscribes to (including what the other services published for it: member-coverage snapshots, case events) from the first publish until its group is at lag 0 for good (lag polled every 0.5 s, the run ends when every group is at 0 and no topic grows for 2 s). Baseline: the same records, in the same order, produced to one bench-only topic while a plain kafkajs group consumes them (JSON.parse only), first publish to last record consumed.`,
    `Peak memory is each service process's VmHWM over the whole benchmark (coverage, steady and full-speed phases). Load average (1/5/15 min): ${loadAtSteady} at the start of the steady phase, ${loadAtBurst} at the start of the full-speed phase, ${loadAverageText()} at the end (2 cores, shared with other work).`,
  );
  if (latencies.length === 0)
    throw new NotRunError(
      `no service published an output for the steady-rate inputs: ${problems.join('; ')}`,
    );
  return {
    status: problems.length || skipped.length ? 'partial' : 'ok',
    ...(problems.length ? { reason: problems.join('; ') } : {}),
    figures,
    latencies,
    skipped,
    notes,
  };
}

/** "input sent → output sent p50 / p99; the whole path p50 / p99", in ms. */
function latencySplit(inService: readonly number[], total: readonly number[]): string {
  const a = summarize(inService);
  const b = summarize(total);
  const ms = (v: number) => `${v.toFixed(1)}`;
  return `published → output sent ${ms(a.p50)} / ${ms(a.p99)} ms, → output read ${ms(b.p50)} / ${ms(b.p99)} ms`;
}
