import { consumerGroupOf, topics } from '@careflow/contracts';
import type { BenchContext } from '../lib/context';
import { GroupTracker, type DrainedGroup, type TrackedGroup } from '../lib/groups';
import { BulkPublisher, publishAll, waitForGroupCaughtUp, watchTopic } from '../lib/kafka';
import { OutputMatcher } from '../lib/matcher';
import { recordedEffects } from '../lib/recorded-effects';
import type { Figure } from '../lib/result';
import type { RunningService, ServiceName } from '../lib/services';
import { loadAverageText, perSecond, sleep } from '../lib/stats';
import { assertValid } from '../lib/validate';
import type { BenchOutcome } from './index';
import { MixedStream, initialCoverage, validate, type MixedItem } from './mixed';

/** Kinds of input, each matched with its output. */
const KINDS = ['pa-request', 'medical-claim', 'discharge', 'pharmacy-fill'];

/** The services run as 1 and then 3 instances, in the same consumer groups and databases. */
const SCALED = ['case-management', 'authorization-routing'] as const;
type Scaled = (typeof SCALED)[number];

const CLINICAL_TOPICS = [
  topics.medicalClaims.name,
  topics.adtDischarges.name,
  topics.pharmacyClaims.name,
];
const TRACKED: Record<Scaled, TrackedGroup> = {
  'case-management': {
    name: 'case-management',
    groupId: consumerGroupOf('case-management', topics.medicalClaims.name),
    topics: CLINICAL_TOPICS,
  },
  'authorization-routing': {
    name: 'authorization-routing',
    groupId: consumerGroupOf('authorization-routing', topics.paRequests.name),
    topics: [topics.paRequests.name],
  },
};

/** What the outputs said: distinct CloudEvent ids per decided request, evaluations per trigger. */
class OutputLedger {
  readonly matcher = new OutputMatcher();
  readonly decisionIds = new Map<string, Set<string>>();
  readonly evaluationIds = new Map<string, Set<string>>();
  copies = 0;
  private readonly seen = new Set<string>();

  record(topic: string, value: unknown, headers: Record<string, string>): void {
    const v = value as Record<string, unknown> | null;
    const eventId = headers['ce_id'] ?? '';
    if (!v) return;
    if (this.seen.has(eventId)) {
      // The relay resends an event whose send it could not confirm (an instance killed between
      // send and delete): the same id, dropped by every reader's inbox.
      this.copies++;
      return;
    }
    this.seen.add(eventId);
    const at = performance.now();
    if (topic === topics.paRoutingDecisions.name) {
      const requestId = v.requestId as string;
      add(this.decisionIds, requestId, eventId);
      this.matcher.resolve(requestId, at);
    } else {
      const trigger = (v.trigger as { eventId?: string | null } | undefined)?.eventId;
      if (!trigger) return;
      add(this.evaluationIds, trigger, v.evaluationId as string);
      this.matcher.resolve(trigger, at);
    }
  }

  /** Inputs handled twice: a request with two decisions, a trigger with two evaluations. */
  duplicated(): { decisions: number; evaluations: number } {
    const twice = (m: Map<string, Set<string>>) => [...m.values()].filter((s) => s.size > 1).length;
    return { decisions: twice(this.decisionIds), evaluations: twice(this.evaluationIds) };
  }
}

/**
 * The inputs no output accounted for, judged by what the services' tables recorded: per kind, how
 * many are lost (a PA request held for its coverage is not: its decision is not due), and a note
 * that says what was found.
 */
async function effectsOfUnmatched(
  ctx: BenchContext,
  matcher: OutputMatcher,
): Promise<{ lost: Map<string, number>; note: string }> {
  const clinicalKinds = KINDS.filter((k) => k !== 'pa-request');
  const clinicalIds = clinicalKinds.flatMap((k) => matcher.pendingIdsOf(k));
  const requestIds = matcher.pendingIdsOf('pa-request');
  const recorded = await recordedEffects(
    ctx.options.databaseUrl,
    CLINICAL_TOPICS,
    clinicalIds,
    requestIds,
  );
  const lost = new Map<string, number>();
  for (const kind of clinicalKinds) lost.set(kind, matcher.pendingOf(kind));
  const held = requestIds.filter((id) => recorded.paHeld.has(id)).length;
  lost.set('pa-request', requestIds.length - held);
  const processed = clinicalIds.filter((id) => recorded.clinicalProcessed.has(id)).length;
  const decided = requestIds.filter((id) => recorded.paDecided.has(id)).length;
  const inbox = CLINICAL_TOPICS.map((t) => `${t} ${recorded.clinicalInboxRows.get(t) ?? 0}`);
  const sentClinical = clinicalKinds.reduce((n, k) => n + matcher.sentOf(k), 0);
  return {
    lost,
    note:
      `Recorded by the services (benchmark database): case-management's inbox holds ${inbox.join(', ')} clinical events (${sentClinical} sent). ` +
      `Of the ${clinicalIds.length} clinical events no evaluation accounted for, ${processed} were processed (inbox row; evaluation missing) and ${clinicalIds.length - processed} never were; ` +
      `of the ${requestIds.length} PA requests without a decision on the topic, ${held} are held for their coverage (not lost), ${decided} have a stored decision that never reached the topic, ${requestIds.length - held - decided} have neither.`,
  };
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

interface PhaseOutcome {
  readonly groups: DrainedGroup[];
  readonly timedOut: boolean;
  readonly startedAt: number;
}

/**
 * Scale test (issue #25): the mixed workload's clinical events and PA requests with 1 and then 3
 * instances of case-management and authorization-routing, then a third batch during which one
 * instance of each is SIGKILLed and a new one joins. Every input must have exactly one output.
 */
export async function scale(ctx: BenchContext): Promise<BenchOutcome> {
  const members = ctx.scale(10_000);
  const clinicalMembers = ctx.scale(2_000);
  const batch = ctx.scale(30_000);
  const weights = { coverage: 0, clinical: 60, pa: 40 };
  const figures: Figure[] = [];
  const notes: string[] = [];
  const problems: string[] = [];

  const started = new Map<string, RunningService>();
  // Eligibility feeds the coverage read models; pcp-notification is not in the measured path.
  for (const name of ['eligibility', ...SCALED] as ServiceName[])
    started.set(
      name,
      await ctx.services.start(
        name,
        name === 'case-management' ? { EVALUATION_PUBLISHING: 'every-trigger' } : {},
      ),
    );

  const coverage = initialCoverage(members);
  assertValid(topics.eligibilityCoverage.name, coverage.sample);
  ctx.log(`scale: coverage for ${members} members`);
  await publishAll(
    ctx.kafka,
    topics.eligibilityCoverage.name,
    coverage.groups.length,
    (i) => coverage.groups[i]!,
  );
  const seedWindow = ctx.window(1_200_000);
  await waitForGroupCaughtUp(
    ctx.kafka,
    'eligibility',
    [topics.eligibilityCoverage.name],
    seedWindow,
  );
  for (const service of SCALED)
    await waitForGroupCaughtUp(
      ctx.kafka,
      consumerGroupOf(service, topics.memberCoverage.name),
      [topics.memberCoverage.name],
      seedWindow,
    );

  const ledger = new OutputLedger();
  const watcher = await watchTopic(
    ctx.kafka,
    [topics.paRoutingDecisions.name, topics.ccmEvaluations.name],
    (topic, value, headers) => ledger.record(topic, value, headers),
  );

  const runPhase = async (
    name: string,
    seed: number,
    during?: () => Promise<void>,
  ): Promise<PhaseOutcome> => {
    const items = new MixedStream(seed, `scale-${name}`, members, clinicalMembers, 0, weights).take(
      batch,
    );
    validate(items);
    const byTopic = new Map<string, MixedItem[]>();
    for (const item of items) {
      const list = byTopic.get(item.topic) ?? [];
      list.push(item);
      byTopic.set(item.topic, list);
    }
    const tracker = new GroupTracker(
      ctx.kafka,
      SCALED.map((s) => TRACKED[s]),
    );
    await tracker.connect();
    try {
      const before = await tracker.endOffsets();
      const startedAt = performance.now();
      const publishing = Promise.all(
        [...byTopic].map(async ([topic, list]) => {
          // One request in flight: two concurrent produce requests may land in either order, and
          // the matcher needs each partition to hold a member's events in the order they were sent
          // (case-management folds them in partition order and names the last).
          const publisher = new BulkPublisher(ctx.kafka, topic, 2000, 1);
          await publisher.connect();
          for (const item of list) {
            // case-management consumes each topic in chunks of one partition and evaluates a
            // member once per chunk, naming the member's last event of it as the trigger: an
            // evaluation accounts for the earlier events of its member on its topic, in its batch.
            ledger.matcher.sent(item.kind, `${name}|${item.key}`, item.id, performance.now());
            await publisher.add([item.record]);
          }
          await publisher.close();
        }),
      );
      const work = Promise.all([publishing, during?.()]);
      const drained = await tracker.waitDrained(before, work, {
        timeoutMs: ctx.window(900_000),
        onProgress: (lags) =>
          ctx.log(`scale ${name}: lag ${[...lags].map(([g, l]) => `${g} ${l}`).join(', ')}`),
      });
      await work;
      return { groups: drained.groups, timedOut: drained.timedOut, startedAt };
    } finally {
      await tracker.disconnect();
    }
  };

  const rates = new Map<string, Map<Scaled, number | null>>();
  let copiesBefore = 0;
  const report = async (phase: string, instances: string, outcome: PhaseOutcome): Promise<void> => {
    // The outputs of the phase's last events reach the watcher a moment after the lag is 0.
    await sleep(3000);
    notes.push(
      `${phase}: ${ledger.copies - copiesBefore} output records resent with an id already seen; inputs without an output so far: ${KINDS.map((k) => `${k} ${ledger.matcher.pendingOf(k)}`).join(', ')}.`,
    );
    copiesBefore = ledger.copies;
    const byService = new Map<Scaled, number | null>();
    for (const group of outcome.groups) {
      const service = group.name as Scaled;
      const rate =
        group.doneAt === null ? null : perSecond(group.consumed, group.doneAt - outcome.startedAt);
      byService.set(service, rate);
      figures.push({
        label: `${phase}: ${service}, ${instances}, ${group.consumed.toLocaleString('en-US')} events of its topics, first publish → group at lag 0`,
        kind: 'throughput',
        value: rate,
        unit: 'events/s',
        ...(group.doneAt === null ? { note: `lag ${group.lag} left at the time limit` } : {}),
      });
    }
    if (outcome.timedOut) problems.push(`${phase}: a group did not catch up in the time limit`);
    rates.set(phase, byService);
  };

  try {
    ctx.log(`scale: ${batch} events with 1 instance of each`);
    await report('1 instance', '1 instance', await runPhase('one', 101));

    for (const service of SCALED)
      for (const instance of [2, 3])
        started.set(
          `${service}#${instance}`,
          await ctx.services.start(
            service,
            service === 'case-management' ? { EVALUATION_PUBLISHING: 'every-trigger' } : {},
            instance,
          ),
        );
    ctx.log(`scale: ${batch} events with 3 instances of each`);
    await report('3 instances', '3 instances', await runPhase('three', 102));

    ctx.log(`scale: ${batch} events while instance 2 of each is killed and instance 4 joins`);
    const churn = async (): Promise<void> => {
      await sleep(ctx.quick ? 1000 : 4000);
      for (const service of SCALED) {
        const victim = started.get(`${service}#2`)!;
        const gone = new Promise<void>((resolve) => victim.child.once('exit', () => resolve()));
        victim.child.kill('SIGKILL');
        await gone;
      }
      await sleep(ctx.quick ? 1000 : 4000);
      for (const service of SCALED)
        started.set(
          `${service}#4`,
          await ctx.services.start(
            service,
            service === 'case-management' ? { EVALUATION_PUBLISHING: 'every-trigger' } : {},
            4,
          ),
        );
    };
    await report(
      'join and leave',
      '3 instances, one SIGKILLed and one started mid-run',
      await runPhase('churn', 103, churn),
    );

    const deadline = Date.now() + 120_000;
    while (ledger.matcher.pending > 0 && Date.now() < deadline) await sleep(250);
  } finally {
    await watcher.disconnect();
  }

  const effects = await effectsOfUnmatched(ctx, ledger.matcher);
  notes.push(effects.note);
  const sent = KINDS.map(
    (kind) => [kind, ledger.matcher.sentOf(kind), effects.lost.get(kind) ?? 0] as const,
  );
  const lost = sent.reduce((sum, [, , missing]) => sum + missing, 0);
  const duplicated = ledger.duplicated();
  figures.push(
    {
      label: `inputs over the three batches (${sent.map(([k, n]) => `${n} ${k}`).join(', ')}) without their effect (${sent.map(([k, , missing]) => `${k} ${missing}`).join(', ')})`,
      kind: 'count',
      value: lost,
      unit: 'lost',
      target: { text: 'none lost', met: lost === 0 },
    },
    {
      label: 'PA requests with two decisions, clinical events with two evaluations',
      kind: 'count',
      value: duplicated.decisions + duplicated.evaluations,
      unit: 'duplicated',
      target: {
        text: 'none duplicated',
        met: duplicated.decisions + duplicated.evaluations === 0,
      },
    },
    {
      label: 'output records resent with the same event id (relay after a kill; inboxes drop them)',
      kind: 'count',
      value: ledger.copies,
      unit: 'copies',
    },
  );
  if (lost > 0) problems.push(`${lost} inputs lost (no output accounts for them)`);
  if (duplicated.decisions + duplicated.evaluations > 0)
    problems.push(
      `${duplicated.decisions} requests decided twice, ${duplicated.evaluations} events evaluated twice`,
    );
  for (const service of SCALED) {
    const one = rates.get('1 instance')?.get(service) ?? null;
    const three = rates.get('3 instances')?.get(service) ?? null;
    figures.push({
      label: `${service}: 3 instances vs 1 (gain per added instance ${one && three ? `${(((three / one - 1) / 2) * 100).toFixed(0)}%` : 'n/a'})`,
      kind: 'throughput',
      value: three,
      unit: 'events/s',
      baseline: { label: '1 instance, same batch size', value: one },
    });
  }
  notes.push(
    `Each batch: ${batch.toLocaleString('en-US')} events (clinical events ${weights.clinical}%: claims, discharges, fills on ${clinicalMembers.toLocaleString('en-US')} members; PA requests ${weights.pa}% on any of ${members.toLocaleString('en-US')} covered members), produced at once (batches of 2000 per topic) while the services consume; a new seed per batch. Instances of a service share its consumer groups and database (6 partitions per topic, so at most 6 busy instances). The rate of a service counts the records of its input topics from the first publish until its group is at lag 0 for good. Lost: an input whose output never arrived: a decision names its requestId; an evaluation names its trigger event, and accounts for the earlier events of the same member on the same topic in the same batch (case-management folds a member's events of one chunk of one partition into one evaluation naming the last; each topic is published with one request in flight, so a partition holds them in the order sent); a PA request routing holds for its coverage (a row in pending_requests) has no decision due and is not lost. The inputs left without an output are looked up in the services' tables to tell a clinical event never processed (no row in case-management's inbox) from one processed whose evaluation went missing; both count as lost. Duplicated: an input with two different outputs. case-management runs with EVALUATION_PUBLISHING=every-trigger so every event has an output.`,
    `On this machine the instances share 2 cores with PostgreSQL, Kafka and the benchmark itself: more instances add consumers, not CPU, so the gain shows how the work spreads and what the coordination costs, not what a cluster with a core per pod gains. Load average at the end: ${loadAverageText()}.`,
  );
  return {
    status: problems.length ? 'partial' : 'ok',
    ...(problems.length ? { reason: problems.join('; ') } : {}),
    figures,
    latencies: [],
    skipped: [],
    notes,
  };
}
