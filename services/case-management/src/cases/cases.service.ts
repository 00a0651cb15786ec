import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseClosureReason, CcmCriterionId, IdentificationSource } from '@careflow/contracts';
import {
  reofferDeferral,
  assessmentDueDate,
  singleTargetOf,
  statusesAccepting,
  type CaseCommand,
} from '@careflow/ccm-criteria';
import type { UnitOfWork } from '@careflow/messaging';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { SYSTEM_ACTOR, type Actor } from '../common/actor';
import { PlanToday } from '../common/plan-today';
import type { Case } from './case';
import { CaseChanges } from './case-changes';
import { CaseHistoryRepository } from './case-history.repository';
import { CaseManagers } from './case-managers.service';
import { CaseRepository } from './cases.repository';
import { CASE_OPENED_FACT, caseOpenedFact } from '../metrics/case-management.metrics';

export interface OpenCaseRequest {
  readonly memberId: string;
  readonly sources: readonly IdentificationSource[];
  readonly criteriaMet: readonly CcmCriterionId[];
  readonly actor: Actor;
  /** Recorded with the case's history (e.g. the evaluation or referral behind it). */
  readonly detail: Record<string, unknown>;
  /**
   * Identified by data (not a referral): held back while the member's latest case was declined
   * less than REOFFER_AFTER_DECLINE_DAYS ago.
   */
  readonly byData?: boolean;
}

export interface OpenCasesResult {
  /** Cases opened by this call. */
  readonly opened: Case[];
  /** Members that already had an open case (it was given the new sources and criteria). */
  readonly existing: Case[];
}

/**
 * What identification does to many cases at once, in its unit of work: open cases, close them
 * when the member is no longer eligible or covered, and flag overdue assessments. The statuses
 * each step applies to come from the case lifecycle table.
 */
@Injectable()
export class CasesService {
  constructor(
    @Inject(CaseManagers) private readonly caseManagers: CaseManagers,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseHistoryRepository) private readonly history: CaseHistoryRepository,
    @Inject(CaseChanges) private readonly changes: CaseChanges,
  ) {}

  /**
   * Opens a case for each member without an open case (assigned by caseload) and publishes it as
   * `identified`; a member who already has one keeps it, with the new sources and criteria added.
   * Safe under concurrent triggers: the partial unique index decides who opens the case.
   */
  async openCases(uow: UnitOfWork, requests: readonly OpenCaseRequest[]): Promise<OpenCasesResult> {
    const byMember = new Map<string, OpenCaseRequest>();
    for (const r of requests) {
      const prior = byMember.get(r.memberId);
      byMember.set(
        r.memberId,
        prior
          ? {
              ...r,
              sources: [...new Set([...prior.sources, ...r.sources])],
              criteriaMet: [...new Set([...prior.criteriaMet, ...r.criteriaMet])],
            }
          : r,
      );
    }
    const manager = uow.manager;
    const list = await this.outsideDeclineQuietPeriod(manager, [...byMember.values()]);
    if (list.length === 0) return { opened: [], existing: [] };
    const assignees = await this.caseManagers.assign(manager, list.length);
    const now = this.today.now();
    const opened = await this.cases.insertIdentified(
      manager,
      list.map((r, i) => ({
        caseId: `CASE-${randomUUID()}`,
        memberId: r.memberId,
        sources: r.sources,
        criteriaMet: r.criteriaMet,
        caseManagerId: assignees[i] ?? null,
      })),
      now,
      this.today.calendar.endOfDay(
        assessmentDueDate(this.today.calendar.dateOf(now), this.config.ASSESSMENT_DUE_DAYS),
      ),
    );
    const openedMembers = new Set(opened.map((c) => c.memberId));
    const existing = await this.cases.addToOpenCases(
      manager,
      list.filter((r) => !openedMembers.has(r.memberId)),
      now,
      statusesAccepting('assign'),
    );
    await this.history.record(manager, [
      ...opened.map((c) => {
        const r = byMember.get(c.memberId)!;
        return {
          caseId: c.caseId,
          actor: r.actor,
          kind: 'opened',
          from: null,
          to: 'identified' as const,
          detail: {
            ...r.detail,
            sources: r.sources,
            criteriaMet: r.criteriaMet,
            caseManagerId: c.caseManagerId,
          },
        };
      }),
      ...existing.map((c) => {
        const r = byMember.get(c.memberId)!;
        return {
          caseId: c.caseId,
          actor: r.actor,
          kind: 'identified-again',
          from: null,
          to: null,
          detail: { ...r.detail, sources: r.sources, criteriaMet: r.criteriaMet },
        };
      }),
    ]);
    await this.changes.publish(uow, opened);
    for (const c of opened) uow.noteFact(CASE_OPENED_FACT, caseOpenedFact(c));
    return { opened, existing };
  }

  /**
   * Leaves out data identifications of members whose latest case was declined, as the pure rule
   * `reofferDeferral` (ccm-criteria) decides: within the quiet period, or no criterion beyond
   * those of the declined case; each is recorded on the declined case (`reoffer-deferred`, with
   * the reason) so the decision is visible.
   */
  private async outsideDeclineQuietPeriod(
    manager: EntityManager,
    requests: OpenCaseRequest[],
  ): Promise<OpenCaseRequest[]> {
    const byData = requests.filter((r) => r.byData === true);
    if (byData.length === 0) return requests;
    const declined = await this.cases.latestDeclined(
      manager,
      byData.map((r) => r.memberId),
    );
    if (declined.length === 0) return requests;
    const now = this.today.now();
    const byMember = new Map(declined.map((d) => [d.memberId, d]));
    const held = new Map<string, { caseId: string; reason: string; declinedAt: Date }>();
    for (const r of byData) {
      const d = byMember.get(r.memberId);
      if (!d) continue;
      const reason = reofferDeferral(
        { declinedAt: d.closedAt, criteriaMet: d.criteriaMet },
        r.criteriaMet,
        now,
        this.config.REOFFER_AFTER_DECLINE_DAYS,
      );
      if (reason) held.set(r.memberId, { caseId: d.caseId, reason, declinedAt: d.closedAt });
    }
    await this.history.record(
      manager,
      byData.flatMap((r) => {
        const h = held.get(r.memberId);
        if (!h) return [];
        return [
          {
            caseId: h.caseId,
            actor: r.actor,
            kind: 'reoffer-deferred',
            from: null,
            to: null,
            detail: {
              ...r.detail,
              reason: h.reason,
              criteriaMet: r.criteriaMet,
              declinedAt: h.declinedAt.toISOString(),
              quietPeriodDays: this.config.REOFFER_AFTER_DECLINE_DAYS,
            },
          },
        ];
      }),
    );
    return requests.filter((r) => !(r.byData === true && held.has(r.memberId)));
  }

  /**
   * Cases still waiting for their assessment whose member is no longer eligible by data become
   * `not-eligible`. Cases opened by a referral stay: a referral is reviewed whatever the data says.
   */
  async markNotEligible(
    uow: UnitOfWork,
    memberIds: readonly string[],
    actor: Actor,
    detail: Record<string, unknown>,
  ): Promise<Case[]> {
    return this.endMany(uow, memberIds, actor, detail, {
      command: 'mark-not-eligible',
      reason: 'criteria-no-longer-met',
      keepReferrals: true,
    });
  }

  /**
   * Every open case (identified, assessment-pending or enrolled, referrals included) of members who
   * have no coverage today closes with reason `coverage-ended`: the plan can no longer manage their
   * care. pcp-notification cancels the case's pending letters and calls when it sees the closure.
   */
  async closeForCoverageEnded(
    uow: UnitOfWork,
    memberIds: readonly string[],
    actor: Actor,
    detail: Record<string, unknown>,
  ): Promise<Case[]> {
    return this.endMany(uow, memberIds, actor, detail, {
      command: 'close-coverage-ended',
      reason: 'coverage-ended',
      keepReferrals: false,
    });
  }

  /** Applies a closing command to the members' cases the lifecycle lets it apply to. */
  private async endMany(
    uow: UnitOfWork,
    memberIds: readonly string[],
    actor: Actor,
    detail: Record<string, unknown>,
    how: {
      command: Extract<CaseCommand, 'mark-not-eligible' | 'close-coverage-ended'>;
      reason: CaseClosureReason;
      keepReferrals: boolean;
    },
  ): Promise<Case[]> {
    if (memberIds.length === 0) return [];
    const to = singleTargetOf(how.command);
    const ended = await this.cases.endMany(uow.manager, memberIds, {
      from: statusesAccepting(how.command),
      to,
      reason: how.reason,
      keepReferrals: how.keepReferrals,
      at: this.today.now(),
    });
    await this.history.record(
      uow.manager,
      ended.map(({ ended: c, previousStatus }) => ({
        caseId: c.caseId,
        actor,
        kind: 'status-changed',
        from: previousStatus,
        to,
        detail: { ...detail, closureReason: how.reason },
      })),
    );
    const cases = ended.map((e) => e.ended);
    await this.changes.publish(uow, cases);
    return cases;
  }

  /**
   * Flags cases whose assessment is past due (once each, with a history entry). Not published:
   * `ccm.cases.v1` has no field for it and the status does not change; see the README.
   */
  async markOverdueAssessments(
    manager: EntityManager,
    now: Date = this.today.now(),
  ): Promise<Case[]> {
    const flagged = await this.cases.flagOverdueAssessments(
      manager,
      statusesAccepting('record-assessment-enrolled'),
      now,
    );
    await this.history.record(
      manager,
      flagged.map((c) => ({
        caseId: c.caseId,
        actor: SYSTEM_ACTOR,
        kind: 'assessment-overdue',
        from: null,
        to: null,
        detail: { assessmentDueAt: c.assessmentDueAt.toISOString() },
      })),
    );
    return flagged;
  }
}
