import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  planIdentification,
  type ClinicalProfile,
  type IdentificationPlan,
} from '@careflow/ccm-criteria';
import { topics } from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { CasesService, type OpenCaseRequest } from '../cases/cases.service';
import type { Actor } from '../common/actor';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import {
  ClinicalProfileRepository,
  type ProfileWrite,
  type StoredEvaluation,
  type StoredProfile,
} from './clinical-profile.repository';
import { TOPIC_TO_IDENTIFICATION } from './evidence';
import type { MemberResult, Trigger } from './member-result';

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
   * it (see `ClinicalProfileRepository.write`), so nothing was written, published or opened.
   */
  readonly lost: ReadonlySet<string>;
}

/** Settling one item, decided (`planIdentification`) before anything is written. */
interface SettlePlan {
  readonly item: SettleItem;
  readonly plan: IdentificationPlan;
  readonly evaluation: StoredEvaluation;
  readonly write: ProfileWrite | null;
  readonly open: OpenCaseRequest[];
  readonly outcome: SettleOutcome;
}

/**
 * Carries out identification's decisions: for each member evaluated, `planIdentification` (the
 * library) says what to store, publish, open and close; this writes the profiles, publishes the
 * evaluations and asks the cases code to open and close cases, in the caller's unit of work.
 */
@Injectable()
export class EvaluationSettlement {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(ClinicalProfileRepository) private readonly profiles: ClinicalProfileRepository,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
  ) {}

  /**
   * Stores each member's new profile and evaluation, publishes the evaluations (see
   * EVALUATION_PUBLISHING), opens the cases the plans ask for (members who became eligible,
   * referrals), closes the cases of members whose coverage ended and marks not-eligible the
   * waiting cases of members who no longer are. Members whose row another transaction wrote first
   * are left out entirely and answered in `lost`.
   */
  async settle(
    uow: UnitOfWork,
    items: readonly SettleItem[],
    actor: Actor,
    { reportOnly = false }: { reportOnly?: boolean } = {},
  ): Promise<SettleResult> {
    const plans = items.map((item) => this.planOf(item, actor, reportOnly));
    // A review of a past month reports and publishes what it found but leaves today's state alone.
    if (reportOnly) {
      for (const plan of plans) if (plan.plan.publish) publishEvaluation(uow, plan);
      return { outcomes: plans.map((p) => p.outcome), lost: new Set() };
    }
    const lost = await this.profiles.write(
      uow.manager,
      plans.flatMap((p) => (p.write ? [p.write] : [])),
    );
    const settled = lost.size === 0 ? plans : plans.filter((p) => !lost.has(p.outcome.memberId));
    for (const plan of settled) if (plan.plan.publish) publishEvaluation(uow, plan);
    await this.cases.openCases(
      uow,
      settled.flatMap((p) => p.open),
    );
    // Coverage ended closes every open case first; members who still have coverage but no
    // criterion lose only their waiting cases.
    await this.cases.closeForCoverageEnded(
      uow,
      settled.filter((p) => p.plan.closeForCoverageEnded).map((p) => p.outcome.memberId),
      actor,
      { reason: 'no coverage in force on the evaluation date' },
    );
    await this.cases.markNotEligible(
      uow,
      settled.filter((p) => p.plan.markNotEligible).map((p) => p.outcome.memberId),
      actor,
      { reason: 'criteria no longer met or coverage ended' },
    );
    return { outcomes: settled.map((p) => p.outcome), lost };
  }

  /** The plan of `item` (the library decides), as the records and requests that carry it out. */
  private planOf(item: SettleItem, actor: Actor, reportOnly: boolean): SettlePlan {
    const { stored, result, trigger } = item;
    const memberId = stored.memberId;
    const plan = planIdentification(
      {
        before: {
          stored: stored.version !== null,
          criteriaMet: stored.criteriaMet,
          eligible: stored.eligible,
        },
        finding: {
          criteriaMet: result.evaluation.criteriaMet,
          sources: result.evaluation.sources,
          covered: result.covered,
          eligible: result.eligible,
        },
        profileChanged: item.profile !== null || item.eventsApplied > 0,
        triggerSource: TOPIC_TO_IDENTIFICATION[trigger.source] ?? null,
        forcePublish: item.forcePublish,
        referralSources: item.referralCase ? item.referralCase.sources : null,
      },
      { publishing: this.config.EVALUATION_PUBLISHING, reportOnly },
    );
    const evaluation: StoredEvaluation = {
      evaluationId: `EVAL-${randomUUID()}`,
      asOf: result.asOf,
      trigger: { source: trigger.source, eventId: trigger.eventId },
      criteriaMet: result.evaluation.criteriaMet,
      evidence: result.evaluation.evidence,
      covered: result.covered,
      eligible: result.eligible,
      policyVersion: result.evaluation.policyVersion,
      published: plan.publish,
    };
    const write: ProfileWrite | null = plan.store
      ? {
          memberId,
          version: stored.version,
          profile: item.profile ?? (stored.version === null ? stored.profile : null),
          eventsApplied: item.eventsApplied,
          evaluation,
        }
      : null;
    const detail = {
      evaluationId: evaluation.evaluationId,
      trigger: evaluation.trigger,
      ...(plan.newlyEligible ? {} : { newCriteria: plan.newCriteria }),
    };
    const criteriaMet = result.evaluation.criteriaMet;
    const open = plan.openings.map((opening): OpenCaseRequest => {
      const referral = item.referralCase;
      return opening.by === 'referral' && referral
        ? {
            ...referral,
            sources: opening.sources,
            criteriaMet,
            detail: { ...referral.detail, ...detail },
          }
        : { memberId, sources: opening.sources, criteriaMet, actor, detail, byData: true };
    });
    return {
      item,
      plan,
      evaluation,
      write,
      open,
      outcome: {
        memberId,
        evaluationId: evaluation.evaluationId,
        published: plan.publish,
        newlyEligible: plan.newlyEligible,
        noLongerEligible: plan.noLongerEligible,
      },
    };
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
