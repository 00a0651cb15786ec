import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PlanToday } from '../common/plan-today';
import type { EntityManager } from 'typeorm';
import {
  applyClinicalEvents,
  criteriaVersionInEffect,
  evaluateCcmCriteria,
  profileRetentionStart,
  pruneClinicalProfile,
  type ClinicalEvent,
  type ClinicalProfile,
} from '@careflow/ccm-criteria';
import { topics, type CoverageSpan, type IdentificationSource } from '@careflow/contracts';
import {
  coverageOn,
  MemberCoverageReadModel,
  type MemberCoverageSnapshot,
} from '@careflow/coverage-read-model';
import { RejectedEventError, type ConsumedEvent, type UnitOfWork } from '@careflow/messaging';
import { CasesService, type OpenCaseRequest } from '../cases/cases.service';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { SYSTEM_ACTOR, type Actor } from '../common/actor';
import {
  sameCriteria,
  toPublishedEvaluation,
  TOPIC_TO_IDENTIFICATION,
  type PublishedEvaluation,
} from './evidence';
import {
  readProfiles,
  writeProfiles,
  type ProfileWrite,
  type StoredEvaluation,
  type StoredProfile,
} from './profile-store';

export interface Trigger {
  readonly source: string;
  readonly eventId: string | null;
}

/** The result of evaluating one member: criteria (library) and coverage (read model). */
export interface MemberResult {
  readonly evaluation: PublishedEvaluation;
  readonly asOf: string;
  /**
   * Coverage in force on the evaluation date; null when it was not looked up: a clinical event of
   * a member who meets no criterion, whom coverage cannot make eligible.
   */
  readonly covered: boolean | null;
  /** Criteria met and coverage in force on the evaluation date. */
  readonly eligible: boolean;
}

/** One member to settle: new profile (if it changed), result, why, and what else to open. */
export interface SettleItem {
  readonly stored: StoredProfile;
  readonly profile: ClinicalProfile | null;
  readonly eventsApplied: number;
  readonly result: MemberResult;
  readonly trigger: Trigger;
  /** Publish the evaluation even when nothing changed (referrals, monthly review subjects). */
  readonly forcePublish: boolean;
  /** A case to open whatever the criteria say, if the member is covered (a referral). */
  readonly referralCase?: Omit<OpenCaseRequest, 'criteriaMet'>;
}

/** A member's item before its coverage is known: everything but the result, and its criteria. */
type SettleDraft = Omit<SettleItem, 'result'> & { readonly criteria: PublishedEvaluation };

/**
 * Whose coverage `settleMembers` looks up: every member's, or only that of the members who meet a
 * criterion, the only ones whom coverage can make eligible.
 */
type CoverageLookup = 'every-member' | 'criteria-met';

export interface SettleOutcome {
  readonly memberId: string;
  readonly evaluationId: string;
  readonly published: boolean;
  readonly newlyEligible: boolean;
  readonly noLongerEligible: boolean;
}

export interface SettleResult {
  /** One per settled item, in item order. */
  readonly outcomes: SettleOutcome[];
  /**
   * Members left unsettled: another transaction changed or created their row after this one read
   * it (see `writeProfiles`), so nothing was written, published or opened for them.
   */
  readonly lost: ReadonlySet<string>;
}

/** What settling one item does, decided before anything is written. */
interface SettlePlan {
  readonly item: SettleItem;
  readonly evaluation: StoredEvaluation;
  readonly write: ProfileWrite | null;
  readonly open: OpenCaseRequest[];
  readonly outcome: SettleOutcome;
}

/** Builds a member's draft from its stored profile. */
type BuildDraft = (stored: StoredProfile) => SettleDraft;

/** Rounds of `settleMembers`: the second settles the members another transaction wrote first. */
const SETTLE_ROUNDS = 2;

/** The kind of profile event each consumed clinical topic carries. */
const TOPIC_KIND: Readonly<Record<string, ClinicalEvent['kind']>> = {
  [topics.medicalClaims.name]: 'medical-claim',
  [topics.adtDischarges.name]: 'adt-discharge',
  [topics.pharmacyClaims.name]: 'pharmacy-claim',
  [topics.encounters.name]: 'encounter',
  [topics.labResults.name]: 'lab-result',
  [topics.mtmEvents.name]: 'mtm-review',
};

export function clinicalEventOf(event: ConsumedEvent): ClinicalEvent {
  const kind = TOPIC_KIND[event.topic];
  if (!kind) throw new RejectedEventError(`${event.topic} is not a clinical topic`);
  return { kind, data: event.data } as ClinicalEvent;
}

/**
 * Identification: folds clinical events into each member's profile, evaluates the seven criteria
 * with the library (no criteria logic here), checks coverage in the read model, publishes the
 * evaluation and opens or closes cases. Everything runs in the caller's unit of work.
 */
@Injectable()
export class Identification {
  readonly coverage = new MemberCoverageReadModel();

  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
  ) {}

  /** Criteria as of `asOf` and coverage in force that day. */
  evaluate(
    profile: ClinicalProfile,
    asOf: string,
    spans: readonly CoverageSpan[] | undefined,
  ): MemberResult {
    return withCoverage(criteriaOf(profile, asOf), asOf, spans);
  }

  /**
   * A chunk of clinical events (any of the six topics): per member, one profile load, the events
   * folded in order, one evaluation, one write — all in bulk statements. Coverage is looked up only
   * for the members who meet a criterion (the answer holds their snapshots): for the others it
   * cannot change the outcome, and most clinical events are of members who meet none.
   */
  async applyClinicalEvents(
    uow: UnitOfWork,
    events: readonly ConsumedEvent[],
  ): Promise<ReadonlyMap<string, MemberCoverageSnapshot>> {
    if (events.length === 0) return new Map();
    const byMember = new Map<string, ConsumedEvent[]>();
    for (const e of events) {
      const memberId = (e.data as { memberId: string }).memberId;
      const list = byMember.get(memberId);
      if (list) list.push(e);
      else byMember.set(memberId, [e]);
    }
    const asOf = this.today.date();
    const keepFrom = profileRetentionStart(asOf, criteriaVersionInEffect(asOf));
    const { coverage } = await this.settleMembers(
      uow,
      [...byMember.keys()],
      asOf,
      { create: true, withEvaluation: false },
      'criteria-met',
      (stored) => {
        const memberEvents = byMember.get(stored.memberId)!;
        // One copy of the profile per member per chunk; its events are folded into it in place.
        let profile: ClinicalProfile;
        try {
          profile = applyClinicalEvents(stored.profile, memberEvents.map(clinicalEventOf));
        } catch (error) {
          if (error instanceof RangeError) throw new RejectedEventError(error.message);
          throw error;
        }
        profile = pruneClinicalProfile(profile, keepFrom);
        const last = memberEvents[memberEvents.length - 1]!;
        return {
          stored,
          profile,
          eventsApplied: memberEvents.length,
          criteria: criteriaOf(profile, asOf),
          trigger: { source: last.topic, eventId: last.id },
          forcePublish: false,
        };
      },
      SYSTEM_ACTOR,
    );
    return coverage;
  }

  /**
   * Re-evaluates members from their stored profiles (coverage arrived or changed, a referral).
   * Members without a profile are skipped unless `create` (a referral of a member with no data).
   */
  async reevaluate(
    uow: UnitOfWork,
    triggers: ReadonlyMap<string, Trigger>,
    options: {
      create: boolean;
      forcePublish: boolean;
      referralCases?: ReadonlyMap<string, Omit<OpenCaseRequest, 'criteriaMet'>>;
      actor?: Actor;
    },
  ): Promise<Map<string, { outcome: SettleOutcome; result: MemberResult }>> {
    const asOf = this.today.date();
    const { settled } = await this.settleMembers(
      uow,
      [...triggers.keys()],
      asOf,
      { create: options.create },
      'every-member',
      (stored) => {
        const referralCase = options.referralCases?.get(stored.memberId);
        return {
          stored,
          profile: null,
          eventsApplied: 0,
          criteria: criteriaOf(stored.profile, asOf),
          trigger: triggers.get(stored.memberId)!,
          forcePublish: options.forcePublish,
          ...(referralCase ? { referralCase } : {}),
        };
      },
      options.actor ?? SYSTEM_ACTOR,
    );
    return new Map(
      [...settled.values()].map(({ item, outcome }) => [
        item.stored.memberId,
        { outcome, result: item.result },
      ]),
    );
  }

  /**
   * Reads the profiles of `memberIds`, builds each member's draft (criteria as of `asOf`), looks up
   * the coverage `lookup` asks for, and settles the items. A member whose row another transaction
   * changed or created after this one read it (see `writeProfiles`) is read again, locked this
   * time, with what that transaction stored, and built and settled in a second round, which cannot
   * lose a row it locked.
   */
  private async settleMembers(
    uow: UnitOfWork,
    memberIds: readonly string[],
    asOf: string,
    read: { create: boolean; withEvaluation?: boolean },
    lookup: CoverageLookup,
    build: BuildDraft,
    actor: Actor,
  ): Promise<{
    settled: Map<string, { item: SettleItem; outcome: SettleOutcome }>;
    coverage: Map<string, MemberCoverageSnapshot>;
  }> {
    const settled = new Map<string, { item: SettleItem; outcome: SettleOutcome }>();
    const coverage = new Map<string, MemberCoverageSnapshot>();
    const lookedUp = new Set<string>();
    let pending: readonly string[] = memberIds;
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > SETTLE_ROUNDS) {
        // The second round locks the rows it writes; nothing deletes profiles.
        throw new Error(`profiles of ${pending.length} locked member(s) changed`);
      }
      // The second round waits for a row held right now only if this transaction holds no
      // profile row itself (all were lost: a single member, say). Waiting while holding the
      // first round's rows could close a deadlock with the holder; it rolls back instead, and
      // the consumer retries the chunk.
      const stored =
        round === 1
          ? await readProfiles(uow.manager, pending, { ...read, lock: 'none' })
          : await readProfiles(uow.manager, pending, {
              ...read,
              create: false,
              lock: settled.size === 0 ? 'wait' : 'skip-locked',
            });
      if (stored.size < pending.length && round > 1) {
        throw new Error(
          `${pending.length - stored.size} member(s) of this chunk are being written by another transaction; retrying the chunk`,
        );
      }
      if (stored.size === 0) break;
      const drafts = [...stored.values()].map(build);
      const toLookUp = drafts
        .filter((d) => !lookedUp.has(d.stored.memberId) && needsCoverage(lookup, d))
        .map((d) => d.stored.memberId);
      if (toLookUp.length > 0) {
        const found = await this.coverage.snapshotsOf(uow.manager, toLookUp);
        for (const memberId of toLookUp) lookedUp.add(memberId);
        for (const [memberId, snapshot] of found) coverage.set(memberId, snapshot);
      }
      const items = new Map<string, SettleItem>();
      for (const { criteria, ...draft } of drafts) {
        const memberId = draft.stored.memberId;
        const result = lookedUp.has(memberId)
          ? withCoverage(criteria, asOf, coverage.get(memberId)?.spans)
          : withoutCoverage(criteria, asOf);
        items.set(memberId, { ...draft, result });
      }
      const { outcomes, lost } = await this.settle(uow, [...items.values()], actor);
      for (const outcome of outcomes) {
        settled.set(outcome.memberId, { item: items.get(outcome.memberId)!, outcome });
      }
      pending = [...lost];
    }
    return { settled, coverage };
  }

  /**
   * Stores each member's new profile and evaluation, publishes the evaluations (see
   * EVALUATION_PUBLISHING), opens a case for each member who became eligible (and for referrals)
   * and marks not-eligible the waiting cases of members who no longer are. Members whose row
   * another transaction wrote first are left out entirely and answered in `lost`.
   */
  async settle(
    uow: UnitOfWork,
    items: readonly SettleItem[],
    actor: Actor,
    { reportOnly = false }: { reportOnly?: boolean } = {},
  ): Promise<SettleResult> {
    const plans = items.map((item) => this.plan(item, actor, reportOnly));
    // A review of a past month reports and publishes what it found but leaves today's state alone.
    if (reportOnly) {
      for (const plan of plans) if (plan.outcome.published) publishEvaluation(uow, plan);
      return {
        outcomes: plans.map((p) => ({
          ...p.outcome,
          newlyEligible: false,
          noLongerEligible: false,
        })),
        lost: new Set(),
      };
    }
    const lost = await writeProfiles(
      uow.manager,
      plans.flatMap((p) => (p.write ? [p.write] : [])),
    );
    const settled = lost.size === 0 ? plans : plans.filter((p) => !lost.has(p.outcome.memberId));
    for (const plan of settled) if (plan.outcome.published) publishEvaluation(uow, plan);
    await this.cases.openCases(
      uow,
      settled.flatMap((p) => p.open),
    );
    // Coverage ended (known: the coverage was looked up and is not in force today) closes every
    // open case first; members who still have coverage but no criterion lose only waiting cases.
    const uncovered = settled.filter((p) => p.item.result.covered === false);
    await this.cases.closeForCoverageEnded(
      uow,
      uncovered.map((p) => p.outcome.memberId),
      actor,
      { reason: 'no coverage in force on the evaluation date' },
    );
    await this.cases.markNotEligible(
      uow,
      settled.filter((p) => p.outcome.noLongerEligible).map((p) => p.outcome.memberId),
      actor,
      { reason: 'criteria no longer met or coverage ended' },
    );
    return { outcomes: settled.map((p) => p.outcome), lost };
  }

  /** What settling `item` writes, publishes and opens. */
  private plan(item: SettleItem, actor: Actor, reportOnly: boolean): SettlePlan {
    const { stored, result, trigger } = item;
    const memberId = stored.memberId;
    const changed =
      !sameCriteria(stored.criteriaMet, result.evaluation.criteriaMet) ||
      stored.eligible !== result.eligible;
    const publish = reportOnly
      ? item.forcePublish
      : this.config.EVALUATION_PUBLISHING === 'every-trigger' || changed || item.forcePublish;
    const evaluation: StoredEvaluation = {
      evaluationId: `EVAL-${randomUUID()}`,
      asOf: result.asOf,
      trigger: { source: trigger.source, eventId: trigger.eventId },
      criteriaMet: result.evaluation.criteriaMet,
      evidence: result.evaluation.evidence,
      covered: result.covered,
      eligible: result.eligible,
      policyVersion: result.evaluation.policyVersion,
      published: publish,
    };
    // A re-evaluation that changed nothing and published nothing leaves the stored one; a member
    // without a row gets one whatever happened.
    const write: ProfileWrite | null =
      stored.version === null ||
      item.profile !== null ||
      item.eventsApplied > 0 ||
      changed ||
      publish
        ? {
            memberId,
            version: stored.version,
            profile: item.profile ?? (stored.version === null ? stored.profile : null),
            eventsApplied: item.eventsApplied,
            evaluation,
          }
        : null;
    const newlyEligible = result.eligible && !stored.eligible;
    // A criterion the member did not meet before identifies them again: a new case when their
    // last one was declined or closed (after the decline quiet period), or added to the open one.
    const newCriteria = result.evaluation.criteriaMet.filter(
      (c) => !stored.criteriaMet.includes(c),
    );
    const detail = {
      evaluationId: evaluation.evaluationId,
      trigger: evaluation.trigger,
      ...(newlyEligible ? {} : { newCriteria }),
    };
    const open: OpenCaseRequest[] = [];
    if (newlyEligible || (result.eligible && newCriteria.length > 0)) {
      open.push({
        memberId,
        sources: identificationSources(result.evaluation, trigger),
        criteriaMet: result.evaluation.criteriaMet,
        actor,
        detail,
        byData: true,
      });
    }
    if (item.referralCase && result.covered === true) {
      open.push({
        ...item.referralCase,
        sources: [
          ...item.referralCase.sources,
          ...(result.eligible ? result.evaluation.sources : []),
        ],
        criteriaMet: result.evaluation.criteriaMet,
        detail: { ...item.referralCase.detail, ...detail },
      });
    }
    return {
      item,
      evaluation,
      write,
      open,
      outcome: {
        memberId,
        evaluationId: evaluation.evaluationId,
        published: publish,
        newlyEligible,
        noLongerEligible: !result.eligible && stored.eligible,
      },
    };
  }

  /** The stored latest evaluation of a member (for HTTP). */
  async latestEvaluation(
    manager: EntityManager,
    memberId: string,
  ): Promise<{
    evaluation: StoredEvaluation | null;
    eventsApplied: number;
    evaluatedAt: Date | null;
  } | null> {
    const rows: {
      evaluation: StoredEvaluation | null;
      events_applied: string;
      evaluated_at: Date | null;
    }[] = await manager.query(
      `SELECT evaluation, events_applied, evaluated_at FROM clinical_profiles WHERE member_id = $1`,
      [memberId],
    );
    const row = rows[0];
    return row
      ? {
          evaluation: row.evaluation,
          eventsApplied: Number(row.events_applied),
          evaluatedAt: row.evaluated_at,
        }
      : null;
  }
}

function criteriaOf(profile: ClinicalProfile, asOf: string): PublishedEvaluation {
  return toPublishedEvaluation(evaluateCcmCriteria(profile, asOf, criteriaVersionInEffect(asOf)));
}

function withCoverage(
  evaluation: PublishedEvaluation,
  asOf: string,
  spans: readonly CoverageSpan[] | undefined,
): MemberResult {
  const covered = spans !== undefined && coverageOn(spans, asOf) !== null;
  return { evaluation, asOf, covered, eligible: covered && evaluation.criteriaMet.length > 0 };
}

function withoutCoverage(evaluation: PublishedEvaluation, asOf: string): MemberResult {
  if (evaluation.criteriaMet.length > 0) {
    throw new Error('a member who meets a criterion is evaluated with their coverage');
  }
  return { evaluation, asOf, covered: null, eligible: false };
}

function needsCoverage(lookup: CoverageLookup, draft: SettleDraft): boolean {
  switch (lookup) {
    case 'every-member':
      return true;
    case 'criteria-met':
      return draft.criteria.criteriaMet.length > 0;
  }
}

function publishEvaluation(uow: UnitOfWork, { item, evaluation }: SettlePlan): void {
  uow.publish(topics.ccmEvaluations, {
    evaluationId: evaluation.evaluationId,
    memberId: item.stored.memberId,
    trigger: evaluation.trigger,
    criteriaMet: evaluation.criteriaMet,
    evidence: evaluation.evidence,
    eligible: evaluation.eligible,
    policyVersion: evaluation.policyVersion,
  });
}

function identificationSources(
  evaluation: PublishedEvaluation,
  trigger: Trigger,
): IdentificationSource[] {
  if (evaluation.sources.length > 0) return evaluation.sources;
  const fromTrigger = TOPIC_TO_IDENTIFICATION[trigger.source];
  return fromTrigger ? [fromTrigger] : [];
}
