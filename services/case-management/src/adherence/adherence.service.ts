import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { topics, type CoverageSpan, type PharmacyClaimAdjudicated } from '@careflow/contracts';
import {
  coverageOn,
  MemberCoverageReadModel,
  type MemberCoverageSnapshot,
} from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import {
  createDefaultPolicyRegistry,
  evaluateAdherenceEligibility,
  fillMayQualify,
  adherenceMembership,
  type AdherenceMembership,
  type MemberCoverage,
  type NdcReference,
  type RoutingPolicy,
} from '@careflow/michigan-policy';
import { PlanToday } from '../common/plan-today';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { ndcReferenceOf } from './ndc-reference-file';
import {
  AdherenceRepository,
  type AdherenceMember,
  type QualifyingFill,
} from './adherence.repository';

export const ADHERENCE_PROGRAM = 'drug-adherence-discount' as const;

/** What the program reads of an adjudicated pharmacy claim. */
export type PharmacyFill = Pick<
  PharmacyClaimAdjudicated,
  'claimId' | 'memberId' | 'status' | 'fillDate' | 'ndc' | 'drugName' | 'pharmacyChannel'
>;

function memberCoverageOf(span: CoverageSpan): MemberCoverage {
  return {
    lineOfBusiness: span.lineOfBusiness,
    fundingType: span.fundingType,
    group: span.group,
    pharmacyBenefitAdministrator: span.pharmacyBenefitAdministrator,
    effectiveDate: span.effectiveDate,
    terminationDate: span.terminationDate,
  };
}

/**
 * The Sempre Health drug adherence discount program. Each pharmacy fill is judged by the policy
 * library (`evaluateAdherenceEligibility`: Blue Cross / BCN commercial of any funding type, never
 * Medicare Advantage, retail only, select medications as data). A member is eligible while they
 * keep at least one qualifying fill (not reversed) and their coverage today is still one the
 * program serves; `care-programs.v1` is published only when that changes.
 */
@Injectable()
export class AdherenceProgram {
  private readonly policies = createDefaultPolicyRegistry();
  private readonly coverage = new MemberCoverageReadModel();
  /** Identifies program drugs by NDC; null: only the drug-name fallback (the reasons say so). */
  private readonly ndcReference: NdcReference | null;

  constructor(
    @Inject(CASE_MANAGEMENT_CONFIG) config: CaseManagementConfig,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(AdherenceRepository) private readonly members: AdherenceRepository,
  ) {
    this.ndcReference = ndcReferenceOf(config.ADHERENCE_NDC_REFERENCE_FILE);
  }

  /**
   * The version adopted by `decidedOn` (today) for `date` (a revision supersedes). Today is read
   * once per chunk by the caller: reading the clock in the plan's calendar is an Intl format.
   */
  private policyOn(date: string, decidedOn: string): RoutingPolicy | null {
    return (
      this.policies.versionFor({ dateOfService: date, decidedOn }) ??
      this.policies.versionFor({ dateOfService: decidedOn, decidedOn })
    );
  }

  /**
   * Judges a chunk of fills. `known` is coverage already looked up in this transaction; the rest is
   * looked up only for members whom it can concern: those with a fill that may qualify and those
   * already in the program (re-judged against their coverage today).
   */
  async applyFills(
    uow: UnitOfWork,
    fillsConsumed: readonly PharmacyFill[],
    known: ReadonlyMap<string, MemberCoverageSnapshot>,
  ): Promise<void> {
    if (fillsConsumed.length === 0) return;
    const memberIds = [...new Set(fillsConsumed.map((f) => f.memberId))];
    const rows = await this.members.lock(uow.manager, memberIds);
    const today = this.today.date();
    // Each fill with the policy in force on its date, found once for both passes below.
    const fills = fillsConsumed.flatMap((fill) => {
      const policy = this.policyOn(fill.fillDate, today);
      return policy ? [{ fill, policy }] : [];
    });
    const coverage = await this.coverageOf(uow.manager, known, [
      ...rows.keys(),
      ...fills
        .filter((f) => fillMayQualify(f.fill, f.policy, this.ndcReference))
        .map((f) => f.fill.memberId),
    ]);
    const touched = new Map<string, { fills: Record<string, QualifyingFill> }>();
    for (const { fill, policy } of fills) {
      const spans = coverage.get(fill.memberId)?.spans ?? [];
      const span = coverageOn(spans, fill.fillDate);
      const result = evaluateAdherenceEligibility(
        {
          coverage: span ? memberCoverageOf(span) : null,
          fill: {
            fillDate: fill.fillDate,
            ndc: fill.ndc,
            drugName: fill.drugName ?? null,
            pharmacyChannel: fill.pharmacyChannel,
            status: fill.status,
          },
        },
        policy,
        this.ndcReference,
      );
      const state = touched.get(fill.memberId) ?? {
        fills: { ...(rows.get(fill.memberId)?.qualifyingFills ?? {}) },
      };
      const wasQualifying = fill.claimId in state.fills;
      if (result.eligible) {
        state.fills[fill.claimId] = {
          fillDate: fill.fillDate,
          ndc: fill.ndc,
          drugName: fill.drugName ?? null,
          medicationClass: result.medicationClass,
          reasons: result.reasons,
        };
      } else if (wasQualifying) {
        delete state.fills[fill.claimId];
      } else if (!rows.has(fill.memberId) && !touched.has(fill.memberId)) {
        // A fill that neither qualifies nor undoes a qualifying one: nothing to keep.
        continue;
      }
      touched.set(fill.memberId, state);
    }
    const writes: {
      memberId: string;
      eligible: boolean;
      fills: Record<string, QualifyingFill>;
      reasons: string[];
    }[] = [];
    for (const [memberId, state] of touched) {
      const membership = this.membership(state.fills, coverage.get(memberId)?.spans ?? [], today);
      writes.push({
        memberId,
        eligible: membership.eligible,
        fills: state.fills,
        reasons: membership.reasons,
      });
    }
    await this.store(uow, rows, writes);
  }

  /** Coverage changed: members in the program are re-judged against their coverage today. */
  async applyCoverage(
    uow: UnitOfWork,
    snapshots: readonly MemberCoverageSnapshot[],
  ): Promise<void> {
    if (snapshots.length === 0) return;
    const rows = await this.members.lock(
      uow.manager,
      snapshots.map((s) => s.memberId),
    );
    if (rows.size === 0) return;
    const today = this.today.date();
    const writes = snapshots.flatMap((s) => {
      const row = rows.get(s.memberId);
      if (!row) return [];
      const membership = this.membership(row.qualifyingFills, s.spans, today);
      return [
        {
          memberId: s.memberId,
          eligible: membership.eligible,
          fills: row.qualifyingFills,
          reasons: membership.reasons,
        },
      ];
    });
    await this.store(uow, rows, writes);
  }

  /** Whether the member is in the program today, and why (the policy library decides). */
  private membership(
    fills: Record<string, QualifyingFill>,
    spans: readonly CoverageSpan[],
    today: string,
  ): AdherenceMembership {
    return adherenceMembership(
      { qualifyingFills: Object.values(fills), coverageToday: coverageOn(spans, today), today },
      this.policyOn(today, today),
    );
  }

  /** `known`, with the snapshots of the members of `memberIds` it lacks read from the read model. */
  private async coverageOf(
    manager: EntityManager,
    known: ReadonlyMap<string, MemberCoverageSnapshot>,
    memberIds: readonly string[],
  ): Promise<ReadonlyMap<string, MemberCoverageSnapshot>> {
    const missing = [...new Set(memberIds)].filter((memberId) => !known.has(memberId));
    if (missing.length === 0) return known;
    const found = await this.coverage.snapshotsOf(manager, missing);
    return new Map([...known, ...found]);
  }

  private async store(
    uow: UnitOfWork,
    previous: ReadonlyMap<string, AdherenceMember>,
    writes: readonly {
      memberId: string;
      eligible: boolean;
      fills: Record<string, QualifyingFill>;
      reasons: string[];
    }[],
  ): Promise<void> {
    if (writes.length === 0) return;
    await this.members.save(
      uow.manager,
      writes.map((w) => ({
        memberId: w.memberId,
        eligible: w.eligible,
        qualifyingFills: w.fills,
        reasons: w.reasons,
      })),
    );
    for (const w of writes) {
      const before = previous.get(w.memberId)?.eligible ?? false;
      if (before === w.eligible) continue;
      uow.publish(topics.carePrograms, {
        memberId: w.memberId,
        program: ADHERENCE_PROGRAM,
        eligible: w.eligible,
        reasons: w.reasons.slice(0, 50).map((r) => r.slice(0, 1000)),
      });
    }
  }

  /** Eligible members whose PCP today (from coverage) has this NPI. */
  async eligibleMembersOfPcp(
    manager: EntityManager,
    pcpNpi: string,
  ): Promise<
    {
      memberId: string;
      reasons: string[];
      medicationClasses: string[];
      lastQualifyingFill: string | null;
    }[]
  > {
    const rows = await this.members.eligibleWithPcp(manager, pcpNpi);
    const today = this.today.date();
    return rows
      .filter((r) => coverageOn(r.spans, today)?.pcp?.npi === pcpNpi)
      .map((r) => {
        const fills = Object.values(r.qualifyingFills);
        return {
          memberId: r.memberId,
          reasons: r.reasons,
          medicationClasses: [
            ...new Set(fills.flatMap((f) => (f.medicationClass ? [f.medicationClass] : []))),
          ],
          lastQualifyingFill:
            fills
              .map((f) => f.fillDate)
              .sort()
              .at(-1) ?? null,
        };
      });
  }
}
