import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  REFERRAL_SOURCES,
  topics,
  type CaseClosureReason,
  type CaseManagerContact,
  type CaseStatus,
  type CcmCriterionId,
  type IdentificationSource,
} from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { rowsOf } from '@careflow/platform';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { AWAITING_ASSESSMENT_STATUSES, OPEN_CASE_STATUSES, type Actor } from '../common/actor';
import { CaseManagers } from './case-managers.service';
import { PlanToday } from '../common/plan-today';
import { CASE_OPENED_FACT, caseOpenedFact } from '../metrics/case-management.metrics';

export interface CaseRow {
  case_id: string;
  member_id: string;
  status: CaseStatus;
  identification_sources: IdentificationSource[];
  criteria_met: CcmCriterionId[];
  case_manager_id: string | null;
  opened_at: Date;
  assessment_due_at: Date;
  assessment_overdue: boolean;
  assessment_outcome: string | null;
  assessed_at: Date | null;
  closed_at: Date | null;
  closure_reason: CaseClosureReason | null;
  updated_at: Date;
}

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
  readonly opened: CaseRow[];
  /** Members that already had an open case (it was given the new sources and criteria). */
  readonly existing: CaseRow[];
}

/** The columns of a `CaseRow`, for every query that answers cases. */
export const CASE_COLUMNS = `case_id, member_id, status, identification_sources, criteria_met, case_manager_id,
  opened_at, assessment_due_at, assessment_overdue, assessment_outcome, assessed_at, closed_at, closure_reason, updated_at`;
/** The same, qualified with the alias `c` (statements that join `cases` to itself). */
const C_CASE_COLUMNS = CASE_COLUMNS.split(',')
  .map((col) => `c.${col.trim()}`)
  .join(', ');

/** Cases: one open case per member, every step in `case_events`, every status change published. */
@Injectable()
export class CasesService {
  constructor(
    @Inject(CaseManagers) private readonly caseManagers: CaseManagers,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(PlanToday) private readonly today: PlanToday,
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
    const now = new Date();
    const due = new Date(now.getTime() + this.config.ASSESSMENT_DUE_DAYS * 86_400_000);
    const opened: CaseRow[] = await manager.query(
      `INSERT INTO cases (case_id, member_id, status, identification_sources, criteria_met, case_manager_id,
                          opened_at, assessment_due_at, updated_at)
       SELECT u.case_id, u.member_id, 'identified',
              ARRAY(SELECT jsonb_array_elements_text(u.sources::jsonb)),
              ARRAY(SELECT jsonb_array_elements_text(u.criteria::jsonb)),
              u.case_manager_id, $6, $7, $6
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
           AS u(case_id, member_id, sources, criteria, case_manager_id)
       ON CONFLICT (member_id) WHERE status IN ('identified', 'assessment-pending', 'enrolled') DO NOTHING
       RETURNING ${CASE_COLUMNS}`,
      [
        list.map(() => `CASE-${randomUUID()}`),
        list.map((r) => r.memberId),
        list.map((r) => JSON.stringify(r.sources)),
        list.map((r) => JSON.stringify(r.criteriaMet)),
        assignees,
        now,
        due,
      ],
    );
    const openedMembers = new Set(opened.map((c) => c.member_id));
    const others = list.filter((r) => !openedMembers.has(r.memberId));
    let existing: CaseRow[] = [];
    if (others.length > 0) {
      existing = rowsOf<CaseRow>(
        await manager.query(
          `UPDATE cases c
            SET identification_sources = ARRAY(SELECT DISTINCT x FROM unnest(c.identification_sources
                  || ARRAY(SELECT jsonb_array_elements_text(u.sources::jsonb))) x ORDER BY x),
                criteria_met = ARRAY(SELECT DISTINCT x FROM unnest(c.criteria_met
                  || ARRAY(SELECT jsonb_array_elements_text(u.criteria::jsonb))) x ORDER BY x),
                updated_at = $4
           FROM unnest($1::text[], $2::text[], $3::text[]) AS u(member_id, sources, criteria)
          WHERE c.member_id = u.member_id AND c.status = ANY($5::text[])
          RETURNING ${C_CASE_COLUMNS}`,
          [
            others.map((r) => r.memberId),
            others.map((r) => JSON.stringify(r.sources)),
            others.map((r) => JSON.stringify(r.criteriaMet)),
            now,
            OPEN_CASE_STATUSES,
          ],
        ),
      );
    }
    await this.recordEvents(manager, [
      ...opened.map((c) => {
        const r = byMember.get(c.member_id)!;
        return {
          caseId: c.case_id,
          actor: r.actor,
          kind: 'opened',
          from: null,
          to: 'identified' as const,
          detail: {
            ...r.detail,
            sources: r.sources,
            criteriaMet: r.criteriaMet,
            caseManagerId: c.case_manager_id,
          },
        };
      }),
      ...existing.map((c) => {
        const r = byMember.get(c.member_id)!;
        return {
          caseId: c.case_id,
          actor: r.actor,
          kind: 'identified-again',
          from: null,
          to: null,
          detail: { ...r.detail, sources: r.sources, criteriaMet: r.criteriaMet },
        };
      }),
    ]);
    await this.publish(uow, opened);
    for (const c of opened)
      uow.noteFact(
        CASE_OPENED_FACT,
        caseOpenedFact({
          criteriaMet: c.criteria_met,
          identificationSources: c.identification_sources,
        }),
      );
    return { opened, existing };
  }

  /**
   * Leaves out data identifications of members whose latest case was declined, while the decline
   * is within the quiet period or when the member meets no criterion beyond those of the declined
   * case (a criterion that lapsed and came back is not new); each is recorded on the declined case
   * (`reoffer-deferred`, with the reason) so the decision is visible.
   */
  private async outsideDeclineQuietPeriod(
    manager: EntityManager,
    requests: OpenCaseRequest[],
  ): Promise<OpenCaseRequest[]> {
    const byData = requests.filter((r) => r.byData === true);
    if (byData.length === 0) return requests;
    const since = this.today.now().getTime() - this.config.REOFFER_AFTER_DECLINE_DAYS * 86_400_000;
    const declined: {
      member_id: string;
      case_id: string;
      closed_at: Date;
      criteria_met: string[];
    }[] = await manager.query(
      `SELECT member_id, case_id, closed_at, criteria_met FROM (
         SELECT DISTINCT ON (member_id) member_id, case_id, status, closed_at, criteria_met FROM cases
          WHERE member_id = ANY($1::text[]) ORDER BY member_id, opened_at DESC) latest
        WHERE status = 'declined'`,
      [byData.map((r) => r.memberId)],
    );
    if (declined.length === 0) return requests;
    const byMember = new Map(declined.map((d) => [d.member_id, d]));
    const held = new Map<string, { caseId: string; reason: string; declinedAt: Date }>();
    for (const r of byData) {
      const d = byMember.get(r.memberId);
      if (!d) continue;
      const reason =
        d.closed_at.getTime() > since
          ? 'quiet-period'
          : r.criteriaMet.every((c) => d.criteria_met.includes(c))
            ? 'no-new-criterion'
            : null;
      if (reason) held.set(r.memberId, { caseId: d.case_id, reason, declinedAt: d.closed_at });
    }
    await this.recordEvents(
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
  ): Promise<CaseRow[]> {
    return this.closeMany(uow, memberIds, actor, detail, {
      to: 'not-eligible',
      reason: 'criteria-no-longer-met',
      statuses: AWAITING_ASSESSMENT_STATUSES,
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
  ): Promise<CaseRow[]> {
    return this.closeMany(uow, memberIds, actor, detail, {
      to: 'closed',
      reason: 'coverage-ended',
      statuses: OPEN_CASE_STATUSES,
      keepReferrals: false,
    });
  }

  /** Closes the members' cases in `statuses` with a reason, recorded (from → to) and published. */
  private async closeMany(
    uow: UnitOfWork,
    memberIds: readonly string[],
    actor: Actor,
    detail: Record<string, unknown>,
    how: {
      to: 'not-eligible' | 'closed';
      reason: CaseClosureReason;
      statuses: readonly CaseStatus[];
      keepReferrals: boolean;
    },
  ): Promise<CaseRow[]> {
    if (memberIds.length === 0) return [];
    const closed = rowsOf<CaseRow & { previous_status: CaseStatus }>(
      await uow.manager.query(
        `UPDATE cases c SET status = $4, closed_at = $2, updated_at = $2, closure_reason = $5
           FROM cases prev
          WHERE prev.case_id = c.case_id AND c.member_id = ANY($1::text[]) AND c.status = ANY($3::text[])
            AND NOT ($6 AND c.identification_sources && $7::text[])
        RETURNING ${C_CASE_COLUMNS}, prev.status AS previous_status`,
        [
          memberIds,
          this.today.now(),
          how.statuses,
          how.to,
          how.reason,
          how.keepReferrals,
          REFERRAL_SOURCES,
        ],
      ),
    );
    await this.recordEvents(
      uow.manager,
      closed.map((c) => ({
        caseId: c.case_id,
        actor,
        kind: 'status-changed',
        from: c.previous_status,
        to: how.to,
        detail: { ...detail, closureReason: how.reason },
      })),
    );
    const rows: CaseRow[] = closed.map(({ previous_status: _p, ...c }) => c);
    await this.publish(uow, rows);
    return rows;
  }

  /**
   * Open cases nobody can work: no case manager, or one who was deactivated. Oldest first; the
   * queue supervisors assign from.
   */
  async unassigned(manager: EntityManager, limit: number): Promise<CaseRow[]> {
    return manager.query(
      `SELECT ${C_CASE_COLUMNS} FROM cases c LEFT JOIN case_managers m ON m.id = c.case_manager_id
        WHERE c.status = ANY($1::text[]) AND (m.id IS NULL OR NOT m.active)
        ORDER BY c.opened_at LIMIT $2`,
      [OPEN_CASE_STATUSES, limit],
    );
  }

  /**
   * Gives an open case to an active case manager (assignment from the queue, or a reassignment),
   * recorded (`assigned`, from and to) and published so pcp-notification sends what waited for a
   * case manager's contact details. Null when the case is not open or the case manager not active.
   */
  async assignTo(
    uow: UnitOfWork,
    caseId: string,
    caseManagerId: string,
    actor: Actor,
  ): Promise<CaseRow | null> {
    const rows = rowsOf<CaseRow & { previous_manager: string | null }>(
      await uow.manager.query(
        `UPDATE cases c SET case_manager_id = $2, updated_at = $4
           FROM cases prev, case_managers m
          WHERE prev.case_id = c.case_id AND c.case_id = $1 AND c.status = ANY($3::text[])
            AND m.id = $2 AND m.active
        RETURNING ${C_CASE_COLUMNS}, prev.case_manager_id AS previous_manager`,
        [caseId, caseManagerId, OPEN_CASE_STATUSES, this.today.now()],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    const { previous_manager: from, ...updated } = row;
    await this.recordEvents(uow.manager, [
      {
        caseId,
        actor,
        kind: 'assigned',
        from: null,
        to: null,
        detail: { from, to: caseManagerId },
      },
    ]);
    await this.publish(uow, [updated]);
    return updated;
  }

  /** Moves one case to a new status (the caller checked the transition), recorded and published. */
  async transition(
    uow: UnitOfWork,
    current: CaseRow,
    to: CaseStatus,
    actor: Actor,
    kind: string,
    detail: Record<string, unknown>,
    extra: { assessmentOutcome?: string } = {},
  ): Promise<CaseRow> {
    const now = new Date();
    const closing = !(OPEN_CASE_STATUSES as readonly string[]).includes(to);
    const rows = rowsOf<CaseRow>(
      await uow.manager.query(
        `UPDATE cases SET status = $2, updated_at = $3,
              closed_at = CASE WHEN $4 THEN $3 ELSE closed_at END,
              assessment_outcome = coalesce($5, assessment_outcome),
              assessed_at = CASE WHEN $5::text IS NOT NULL THEN $3 ELSE assessed_at END
        WHERE case_id = $1 AND status = $6
        RETURNING ${CASE_COLUMNS}`,
        [current.case_id, to, now, closing, extra.assessmentOutcome ?? null, current.status],
      ),
    );
    const updated = rows[0];
    if (!updated) throw new ConcurrentCaseChangeError(current.case_id);
    await this.recordEvents(uow.manager, [
      { caseId: current.case_id, actor, kind, from: current.status, to, detail },
    ]);
    await this.publish(uow, [updated]);
    return updated;
  }

  async recordEvents(
    manager: EntityManager,
    events: readonly {
      caseId: string;
      actor: Actor;
      kind: string;
      from: CaseStatus | null;
      to: CaseStatus | null;
      detail: Record<string, unknown>;
    }[],
  ): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO case_events (case_id, actor_id, actor_name, kind, from_status, to_status, detail)
       SELECT u.case_id, u.actor_id, u.actor_name, u.kind, u.from_status, u.to_status, u.detail::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS u(case_id, actor_id, actor_name, kind, from_status, to_status, detail)`,
      [
        events.map((e) => e.caseId),
        events.map((e) => e.actor.id),
        events.map((e) => e.actor.name),
        events.map((e) => e.kind),
        events.map((e) => e.from),
        events.map((e) => e.to),
        events.map((e) => JSON.stringify(e.detail)),
      ],
    );
  }

  /** Publishes each case's current state on `ccm.cases.v1`. */
  async publish(uow: UnitOfWork, cases: readonly CaseRow[]): Promise<void> {
    if (cases.length === 0) return;
    const contacts = await this.caseManagers.contacts(
      uow.manager,
      cases.flatMap((c) => (c.case_manager_id ? [c.case_manager_id] : [])),
    );
    for (const c of cases) {
      uow.publish(topics.ccmCases, {
        caseId: c.case_id,
        memberId: c.member_id,
        status: c.status,
        identificationSources: c.identification_sources,
        criteriaMet: c.criteria_met,
        caseManager: contactOrNull(contacts, c.case_manager_id),
        closureReason: c.closure_reason,
      });
    }
  }

  async byId(manager: EntityManager, caseId: string, forUpdate = false): Promise<CaseRow | null> {
    const rows: CaseRow[] = await manager.query(
      `SELECT ${CASE_COLUMNS} FROM cases WHERE case_id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  /**
   * Flags cases whose assessment is past due (once each, with a history entry). Not published:
   * `ccm.cases.v1` has no field for it and the status does not change; see the README.
   */
  async markOverdueAssessments(manager: EntityManager, now: Date = new Date()): Promise<CaseRow[]> {
    const rows = rowsOf<CaseRow>(
      await manager.query(
        `UPDATE cases SET assessment_overdue = true, updated_at = $1
        WHERE assessment_due_at < $1 AND status = ANY($2::text[]) AND NOT assessment_overdue
        RETURNING ${CASE_COLUMNS}`,
        [now, AWAITING_ASSESSMENT_STATUSES],
      ),
    );
    await this.recordEvents(
      manager,
      rows.map((c) => ({
        caseId: c.case_id,
        actor: { id: 'system', name: 'case-management' },
        kind: 'assessment-overdue',
        from: null,
        to: null,
        detail: { assessmentDueAt: c.assessment_due_at.toISOString() },
      })),
    );
    return rows;
  }
}

function contactOrNull(
  contacts: Map<string, CaseManagerContact>,
  id: string | null,
): CaseManagerContact | null {
  return id ? (contacts.get(id) ?? null) : null;
}

/** The case changed between reading and writing it (another request won); the caller answers 409. */
export class ConcurrentCaseChangeError extends Error {
  constructor(caseId: string) {
    super(`case ${caseId} changed while it was being updated`);
    this.name = 'ConcurrentCaseChangeError';
  }
}
