import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  REFERRAL_SOURCES,
  type CaseClosureReason,
  type CaseStatus,
  type CcmCriterionId,
  type IdentificationSource,
} from '@careflow/contracts';
import { rowsOf } from '@careflow/platform';
import type { Case } from './case';
import { C_COLUMNS, CASE_COLUMNS, caseOf, type CaseRow } from './case-row';

/** Filters of a page of cases; every one optional but the page size. */
export interface CaseFilter {
  /** Only this case manager's cases (a case manager's own caseload). */
  readonly caseManagerId?: string;
  readonly memberId?: string;
  readonly status?: CaseStatus;
  readonly assessmentOverdue?: boolean;
  /** The last case id of the previous page. */
  readonly after?: string;
  readonly limit: number;
}

/** A case to open, with its assignee (null: the queue). */
export interface NewCase {
  readonly caseId: string;
  readonly memberId: string;
  readonly sources: readonly IdentificationSource[];
  readonly criteriaMet: readonly CcmCriterionId[];
  readonly caseManagerId: string | null;
}

/** The latest case of a member when it was declined. */
export interface DeclinedCase {
  readonly memberId: string;
  readonly caseId: string;
  readonly closedAt: Date;
  readonly criteriaMet: readonly string[];
}

/** Cases: one open case per member (a partial unique index on `member_id` decides). */
@Injectable()
export class CaseRepository {
  async byId(manager: EntityManager, caseId: string, forUpdate = false): Promise<Case | null> {
    const rows: CaseRow[] = await manager.query(
      `SELECT ${C_COLUMNS} FROM cases c WHERE c.case_id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [caseId],
    );
    return rows[0] ? caseOf(rows[0]) : null;
  }

  /** A page of cases by case id: the filters are dynamic, so a query builder binds them. */
  async page(manager: EntityManager, filter: CaseFilter): Promise<Case[]> {
    const query = manager.createQueryBuilder().from('cases', 'c');
    for (const column of CASE_COLUMNS) query.addSelect(`c.${column}`, column);
    if (filter.caseManagerId !== undefined)
      query.andWhere('c.case_manager_id = :caseManagerId', { caseManagerId: filter.caseManagerId });
    if (filter.memberId !== undefined)
      query.andWhere('c.member_id = :memberId', { memberId: filter.memberId });
    if (filter.status !== undefined)
      query.andWhere('c.status = :status', { status: filter.status });
    if (filter.assessmentOverdue !== undefined)
      query.andWhere('c.assessment_overdue = :overdue', { overdue: filter.assessmentOverdue });
    if (filter.after !== undefined) query.andWhere('c.case_id > :after', { after: filter.after });
    const rows = await query.orderBy('c.case_id').limit(filter.limit).getRawMany<CaseRow>();
    return rows.map(caseOf);
  }

  /**
   * Inserts new cases as `identified`; a member who meanwhile has an open case gets none (the
   * partial unique index), so the answer holds only the cases this call opened.
   */
  async insertIdentified(
    manager: EntityManager,
    cases: readonly NewCase[],
    openedAt: Date,
    assessmentDueAt: Date,
  ): Promise<Case[]> {
    if (cases.length === 0) return [];
    const rows: CaseRow[] = await manager.query(
      `INSERT INTO cases AS c (case_id, member_id, status, identification_sources, criteria_met, case_manager_id,
                          opened_at, assessment_due_at, updated_at)
       SELECT u.case_id, u.member_id, 'identified',
              ARRAY(SELECT jsonb_array_elements_text(u.sources::jsonb)),
              ARRAY(SELECT jsonb_array_elements_text(u.criteria::jsonb)),
              u.case_manager_id, $6, $7, $6
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
           AS u(case_id, member_id, sources, criteria, case_manager_id)
       ON CONFLICT (member_id) WHERE status IN ('identified', 'assessment-pending', 'enrolled') DO NOTHING
       RETURNING ${C_COLUMNS}`,
      [
        cases.map((c) => c.caseId),
        cases.map((c) => c.memberId),
        cases.map((c) => JSON.stringify(c.sources)),
        cases.map((c) => JSON.stringify(c.criteriaMet)),
        cases.map((c) => c.caseManagerId),
        openedAt,
        assessmentDueAt,
      ],
    );
    return rows.map(caseOf);
  }

  /** Adds sources and criteria to the members' open cases (identified again). */
  async addToOpenCases(
    manager: EntityManager,
    additions: readonly {
      memberId: string;
      sources: readonly IdentificationSource[];
      criteriaMet: readonly CcmCriterionId[];
    }[],
    now: Date,
    openStatuses: readonly CaseStatus[],
  ): Promise<Case[]> {
    if (additions.length === 0) return [];
    const rows = rowsOf<CaseRow>(
      await manager.query(
        `UPDATE cases c
          SET identification_sources = ARRAY(SELECT DISTINCT x FROM unnest(c.identification_sources
                || ARRAY(SELECT jsonb_array_elements_text(u.sources::jsonb))) x ORDER BY x),
              criteria_met = ARRAY(SELECT DISTINCT x FROM unnest(c.criteria_met
                || ARRAY(SELECT jsonb_array_elements_text(u.criteria::jsonb))) x ORDER BY x),
              updated_at = $4
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(member_id, sources, criteria)
        WHERE c.member_id = u.member_id AND c.status = ANY($5::text[])
        RETURNING ${C_COLUMNS}`,
        [
          additions.map((a) => a.memberId),
          additions.map((a) => JSON.stringify(a.sources)),
          additions.map((a) => JSON.stringify(a.criteriaMet)),
          now,
          openStatuses,
        ],
      ),
    );
    return rows.map(caseOf);
  }

  /** The members whose latest case was declined, with that case. */
  async latestDeclined(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<DeclinedCase[]> {
    if (memberIds.length === 0) return [];
    const rows: { member_id: string; case_id: string; closed_at: Date; criteria_met: string[] }[] =
      await manager.query(
        `SELECT member_id, case_id, closed_at, criteria_met FROM (
           SELECT DISTINCT ON (member_id) member_id, case_id, status, closed_at, criteria_met FROM cases
            WHERE member_id = ANY($1::text[]) ORDER BY member_id, opened_at DESC) latest
          WHERE status = 'declined'`,
        [memberIds],
      );
    return rows.map((r) => ({
      memberId: r.member_id,
      caseId: r.case_id,
      closedAt: new Date(r.closed_at),
      criteriaMet: r.criteria_met,
    }));
  }

  /**
   * Ends the members' cases in `from` statuses (referral cases left alone when `keepReferrals`),
   * answering each ended case with the status it had.
   */
  async endMany(
    manager: EntityManager,
    memberIds: readonly string[],
    how: {
      readonly from: readonly CaseStatus[];
      readonly to: CaseStatus;
      readonly reason: CaseClosureReason;
      readonly keepReferrals: boolean;
      readonly at: Date;
    },
  ): Promise<{ ended: Case; previousStatus: CaseStatus }[]> {
    if (memberIds.length === 0) return [];
    const rows = rowsOf<CaseRow & { previous_status: CaseStatus }>(
      await manager.query(
        `UPDATE cases c SET status = $4, closed_at = $2, updated_at = $2, closure_reason = $5
           FROM cases prev
          WHERE prev.case_id = c.case_id AND c.member_id = ANY($1::text[]) AND c.status = ANY($3::text[])
            AND NOT ($6 AND c.identification_sources && $7::text[])
        RETURNING ${C_COLUMNS}, prev.status AS previous_status`,
        [memberIds, how.at, how.from, how.to, how.reason, how.keepReferrals, REFERRAL_SOURCES],
      ),
    );
    return rows.map((r) => ({ ended: caseOf(r), previousStatus: r.previous_status }));
  }

  /** Cases in `statuses` with no case manager, or one who was deactivated; oldest first. */
  async withoutActiveCaseManager(
    manager: EntityManager,
    statuses: readonly CaseStatus[],
    limit: number,
    offset = 0,
  ): Promise<Case[]> {
    const rows: CaseRow[] = await manager.query(
      `SELECT ${C_COLUMNS} FROM cases c LEFT JOIN case_managers m ON m.id = c.case_manager_id
        WHERE c.status = ANY($1::text[]) AND (m.id IS NULL OR NOT m.active)
        ORDER BY c.opened_at, c.case_id LIMIT $2 OFFSET $3`,
      [statuses, limit, offset],
    );
    return rows.map(caseOf);
  }

  /**
   * Gives the case to the case manager when it is in `statuses` and the case manager is active;
   * null otherwise. Answers the case manager it had.
   */
  async assign(
    manager: EntityManager,
    caseId: string,
    caseManagerId: string,
    statuses: readonly CaseStatus[],
    at: Date,
  ): Promise<{ assigned: Case; previousCaseManagerId: string | null } | null> {
    const rows = rowsOf<CaseRow & { previous_manager: string | null }>(
      await manager.query(
        `UPDATE cases c SET case_manager_id = $2, updated_at = $4
           FROM cases prev, case_managers m
          WHERE prev.case_id = c.case_id AND c.case_id = $1 AND c.status = ANY($3::text[])
            AND m.id = $2 AND m.active
        RETURNING ${C_COLUMNS}, prev.case_manager_id AS previous_manager`,
        [caseId, caseManagerId, statuses, at],
      ),
    );
    const row = rows[0];
    return row ? { assigned: caseOf(row), previousCaseManagerId: row.previous_manager } : null;
  }

  /**
   * Moves the case from `current.status` to `to` (closing it when `to` is not open, recording the
   * assessment outcome and the closure reason when given). Null when the case is no longer in
   * `current.status`.
   */
  async moveTo(
    manager: EntityManager,
    current: Pick<Case, 'caseId' | 'status'>,
    to: CaseStatus,
    change: {
      readonly at: Date;
      readonly closing: boolean;
      readonly assessmentOutcome?: string;
      readonly closureReason?: CaseClosureReason;
    },
  ): Promise<Case | null> {
    const rows = rowsOf<CaseRow>(
      await manager.query(
        `UPDATE cases c SET status = $2, updated_at = $3,
              closed_at = CASE WHEN $4 THEN $3 ELSE closed_at END,
              assessment_outcome = coalesce($5, assessment_outcome),
              assessed_at = CASE WHEN $5::text IS NOT NULL THEN $3 ELSE assessed_at END,
              closure_reason = coalesce($7, closure_reason)
        WHERE case_id = $1 AND status = $6
        RETURNING ${C_COLUMNS}`,
        [
          current.caseId,
          to,
          change.at,
          change.closing,
          change.assessmentOutcome ?? null,
          current.status,
          change.closureReason ?? null,
        ],
      ),
    );
    return rows[0] ? caseOf(rows[0]) : null;
  }

  /** Flags cases in `statuses` whose assessment was due before `now` (once each). */
  async flagOverdueAssessments(
    manager: EntityManager,
    statuses: readonly CaseStatus[],
    now: Date,
  ): Promise<Case[]> {
    const rows = rowsOf<CaseRow>(
      await manager.query(
        `UPDATE cases c SET assessment_overdue = true, updated_at = $1
        WHERE assessment_due_at < $1 AND status = ANY($2::text[]) AND NOT assessment_overdue
        RETURNING ${C_COLUMNS}`,
        [now, statuses],
      ),
    );
    return rows.map(caseOf);
  }

  /** The members' cases in `status`. */
  async ofMembersIn(
    manager: EntityManager,
    memberIds: readonly string[],
    status: CaseStatus,
  ): Promise<Case[]> {
    if (memberIds.length === 0) return [];
    const rows: CaseRow[] = await manager.query(
      `SELECT ${C_COLUMNS} FROM cases c WHERE c.member_id = ANY($1::text[]) AND c.status = $2`,
      [[...new Set(memberIds)], status],
    );
    return rows.map(caseOf);
  }
}
