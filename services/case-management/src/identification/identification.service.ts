import { Inject, Injectable } from '@nestjs/common';
import {
  applyClinicalEvents,
  criteriaVersionInEffect,
  loadCcsrTable,
  loadPlannedReadmissionTable,
  profileRetentionStart,
  pruneClinicalProfile,
  type ClinicalProfile,
  type CriteriaReferences,
} from '@careflow/ccm-criteria';
import type { CoverageSpan } from '@careflow/contracts';
import {
  MemberCoverageReadModel,
  type MemberCoverageSnapshot,
} from '@careflow/coverage-read-model';
import { RejectedEventError, type UnitOfWork } from '@careflow/messaging';
import type { OpenCaseRequest } from '../cases/cases.service';
import { PlanToday } from '../common/plan-today';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { SYSTEM_ACTOR, type Actor } from '../common/actor';
import { clinicalEventOf, type ClinicalEventMessage } from './clinical-topics';
import { ClinicalProfileRepository, type StoredProfile } from './clinical-profile.repository';
import type { PublishedEvaluation } from './evidence';
import { EvaluationSettlement, type SettleItem, type SettleOutcome } from './evaluation-settlement';
import {
  criteriaOf,
  withCoverage,
  withoutCoverage,
  type MemberResult,
  type Trigger,
} from './member-result';

export type { MemberResult, Trigger } from './member-result';

/** A member's item before its coverage is known: everything but the result, and its criteria. */
type SettleDraft = Omit<SettleItem, 'result'> & { readonly criteria: PublishedEvaluation };

/**
 * Whose coverage `settleMembers` looks up: every member's, or only that of the members who meet a
 * criterion, the only ones whom coverage can make eligible.
 */
type CoverageLookup = 'every-member' | 'criteria-met';

/** Builds a member's draft from its stored profile. */
type BuildDraft = (stored: StoredProfile) => SettleDraft;

/** Rounds of `settleMembers`: the second settles the members another transaction wrote first. */
const SETTLE_ROUNDS = 2;

/**
 * Identification: folds clinical events into each member's profile, evaluates the seven criteria
 * with the library, checks coverage in the read model and settles each member
 * (`EvaluationSettlement`). Everything runs in the caller's unit of
 * work; the use cases (`use-cases/`) validate their commands and call it.
 */
@Injectable()
export class Identification {
  readonly coverage = new MemberCoverageReadModel();
  /** The tables of `CCSR_DX_FILE` and `PLANNED_READMISSION_FILE` (validated with the config). */
  private readonly references: CriteriaReferences;

  constructor(
    @Inject(EvaluationSettlement) private readonly settlement: EvaluationSettlement,
    @Inject(ClinicalProfileRepository) private readonly profiles: ClinicalProfileRepository,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(CASE_MANAGEMENT_CONFIG) config: CaseManagementConfig,
  ) {
    this.references = {
      ccsr: loadCcsrTable(config.CCSR_DX_FILE),
      plannedReadmission: loadPlannedReadmissionTable(config.PLANNED_READMISSION_FILE),
    };
  }

  /** Criteria as of `asOf` and coverage in force that day. */
  evaluate(
    profile: ClinicalProfile,
    asOf: string,
    spans: readonly CoverageSpan[] | undefined,
  ): MemberResult {
    return withCoverage(criteriaOf(profile, asOf, this.references), asOf, spans);
  }

  /**
   * A chunk of clinical events (any of the six topics): per member, one profile load, the events
   * folded in order, one evaluation, one write — all in bulk statements. Coverage is looked up only
   * for the members who meet a criterion (the answer holds their snapshots): for the others it
   * cannot change the outcome, and most clinical events are of members who meet none.
   */
  async applyClinicalEvents(
    uow: UnitOfWork,
    events: readonly ClinicalEventMessage[],
  ): Promise<ReadonlyMap<string, MemberCoverageSnapshot>> {
    if (events.length === 0) return new Map();
    const byMember = new Map<string, ClinicalEventMessage[]>();
    for (const e of events) {
      const memberId = e.data.memberId;
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
          criteria: criteriaOf(profile, asOf, this.references),
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
          criteria: criteriaOf(stored.profile, asOf, this.references),
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
   * changed or created after this one read it (see `ClinicalProfileRepository.write`) is read
   * again, locked this time, with what that transaction stored, and built and settled in a second
   * round, which cannot lose a row it locked.
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
          ? await this.profiles.read(uow.manager, pending, { ...read, lock: 'none' })
          : await this.profiles.read(uow.manager, pending, {
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
      const { outcomes, lost } = await this.settlement.settle(uow, [...items.values()], actor);
      for (const outcome of outcomes) {
        settled.set(outcome.memberId, { item: items.get(outcome.memberId)!, outcome });
      }
      pending = [...lost];
    }
    return { settled, coverage };
  }
}

function needsCoverage(lookup: CoverageLookup, draft: SettleDraft): boolean {
  switch (lookup) {
    case 'every-member':
      return true;
    case 'criteria-met':
      return draft.criteria.criteriaMet.length > 0;
  }
}
