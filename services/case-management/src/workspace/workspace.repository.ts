import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseStatus, CoverageSpan } from '@careflow/contracts';
import type {
  DiagnosisRecord,
  InpatientStayRecord,
  OutreachAttemptResult,
} from '@careflow/ccm-criteria';
import { announcementOf, CASE_CHANNEL } from '../cases/case-announcement';
import type { MemberDemographics } from '../members/member-demographics.repository';

/** An open case of a caseload with what the workspace shows beside it. */
export interface CaseloadCase {
  caseId: string;
  memberId: string;
  status: CaseStatus;
  criteriaMet: string[];
  caseManagerId: string | null;
  openedAt: Date;
  assessmentDueAt: Date;
  /** What the risk score reads of the member's clinical profile. */
  diagnoses: DiagnosisRecord[];
  inpatientStays: InpatientStayRecord[];
}

/** An open case whose stored risk total is stale, with the profile version it will be scored from. */
export interface StaleRiskCase extends CaseloadCase {
  /** `clinical_profiles.updated_at` as PostgreSQL writes it (microseconds kept); null: no profile. */
  profileUpdatedAt: string | null;
}

/** What the caseload shows of a member beyond the case: coverage history, name and birth date. */
export interface CaseloadMemberDetails {
  /** The member's coverage history from eligibility's published read model (plan, PCP). */
  coverageSpans: CoverageSpan[];
  demographics: MemberDemographics | null;
}

export const OUTREACH_CHANNELS = ['phone', 'text', 'email', 'letter', 'in-person'] as const;
export const OUTREACH_OUTCOMES = [
  'reached',
  'no-answer',
  'left-message',
  'wrong-number',
  'member-declined',
] as const;

export interface OutreachAttempt {
  attemptId: string;
  caseId: string;
  memberId: string;
  channel: (typeof OUTREACH_CHANNELS)[number];
  outcome: (typeof OUTREACH_OUTCOMES)[number];
  notes: string | null;
  recordedBy: { id: string; name: string };
  attemptedAt: Date;
}

/** The attempts as the unable-to-reach rule (`decideUnableToReach`) sees them. */
export function attemptResults(attempts: readonly OutreachAttempt[]): OutreachAttemptResult[] {
  return attempts.map((a) => ({ reachedMember: a.outcome === 'reached' }));
}

/** Who a case belongs to, for the caseload check and the outreach rules. */
export interface CaseOwnership {
  caseId: string;
  memberId: string;
  status: CaseStatus;
  caseManagerId: string | null;
}

const ownershipOf = (r: {
  case_id: string;
  member_id: string;
  status: CaseStatus;
  case_manager_id: string | null;
}): CaseOwnership => ({
  caseId: r.case_id,
  memberId: r.member_id,
  status: r.status,
  caseManagerId: r.case_manager_id,
});

interface OutreachRow {
  attempt_id: string;
  case_id: string;
  member_id: string;
  channel: OutreachAttempt['channel'];
  outcome: OutreachAttempt['outcome'];
  notes: string | null;
  recorded_by: string;
  recorder_name: string;
  attempted_at: Date;
}

const CASELOAD_COLUMNS = `
  c.case_id, c.member_id, c.status, c.criteria_met, c.case_manager_id, c.opened_at,
  c.assessment_due_at, pr.diagnoses, pr."inpatientStays" AS inpatient_stays`;
// The profile is json text: json_to_record parses it once for both parts (each -> parses it anew).
const CASES_WITH_PROFILES = `cases c
  LEFT JOIN clinical_profiles p ON p.member_id = c.member_id
  LEFT JOIN LATERAL json_to_record(p.profile) AS pr(diagnoses json, "inpatientStays" json) ON true`;
const CASELOAD_SELECT = `SELECT ${CASELOAD_COLUMNS} FROM ${CASES_WITH_PROFILES}`;

/**
 * A page of a caseload in its order ($1 case manager, $2 statuses awaiting the assessment, $3
 * limit, $4 offset): keys only for the ~500 open cases, the profiles of the page only.
 * `npm run bench -- caseload` times it bare beside the route.
 */
export const CASELOAD_PAGE_SQL = `
  WITH page AS (
    SELECT c.case_id,
           row_number() OVER (
             ORDER BY c.risk_total DESC NULLS LAST,
                      CASE WHEN c.status = ANY($2::text[]) THEN c.assessment_due_at END
                        ASC NULLS LAST,
                      c.case_id COLLATE "C") AS rank
      FROM cases c
     WHERE c.case_manager_id = $1 AND c.status <> 'closed'
     ORDER BY rank LIMIT $3 OFFSET $4)
  ${CASELOAD_SELECT} JOIN page ON page.case_id = c.case_id ORDER BY page.rank`;

const caseloadCaseOf = (r: CaseloadRow): CaseloadCase => ({
  caseId: r.case_id,
  memberId: r.member_id,
  status: r.status,
  criteriaMet: r.criteria_met,
  caseManagerId: r.case_manager_id,
  openedAt: new Date(r.opened_at),
  assessmentDueAt: new Date(r.assessment_due_at),
  diagnoses: r.diagnoses ?? [],
  inpatientStays: r.inpatient_stays ?? [],
});

interface CaseloadRow {
  case_id: string;
  member_id: string;
  status: CaseStatus;
  criteria_met: string[];
  case_manager_id: string | null;
  opened_at: Date;
  assessment_due_at: Date;
  diagnoses: DiagnosisRecord[] | null;
  inpatient_stays: InpatientStayRecord[] | null;
}

/**
 * The workspace's reads over cases, profiles, the coverage read model and the member's name and
 * birth date. Only the two parts of the profile the risk score reads are sent
 * (`profile->'diagnoses'`, `->'inpatientStays'`); coverage and names only for the page shown.
 */
@Injectable()
export class WorkspaceRepository {
  /**
   * The open cases of `caseManagerId` whose stored risk total is stale: never scored, scored for
   * another plan date, or from another version of the member's profile. With the risk inputs.
   */
  async staleRiskOf(
    manager: EntityManager,
    caseManagerId: string,
    asOf: string,
  ): Promise<StaleRiskCase[]> {
    // The version as text: a JavaScript Date would drop the microseconds and never match again.
    const rows: (CaseloadRow & { profile_updated_at: string | null })[] = await manager.query(
      `SELECT ${CASELOAD_COLUMNS}, p.updated_at::text AS profile_updated_at
         FROM ${CASES_WITH_PROFILES}
        WHERE c.case_manager_id = $1 AND c.status <> 'closed'
          AND (c.risk_as_of IS DISTINCT FROM $2::date
               OR c.risk_profile_updated_at IS DISTINCT FROM p.updated_at)`,
      [caseManagerId, asOf],
    );
    return rows.map((r) => ({ ...caseloadCaseOf(r), profileUpdatedAt: r.profile_updated_at }));
  }

  /** Stores the risk totals scored as of `asOf` (see `staleRiskOf`). */
  async storeRisk(
    manager: EntityManager,
    asOf: string,
    scored: readonly { caseId: string; riskTotal: number; profileUpdatedAt: string | null }[],
  ): Promise<void> {
    if (scored.length === 0) return;
    await manager.query(
      `UPDATE cases c
          SET risk_total = u.risk_total, risk_as_of = $4::date, risk_profile_updated_at = u.at
         FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS u(case_id, risk_total, at)
        WHERE c.case_id = u.case_id`,
      [
        scored.map((s) => s.caseId),
        scored.map((s) => s.riskTotal),
        scored.map((s) => s.profileUpdatedAt),
        asOf,
      ],
    );
  }

  /**
   * One page of the open cases of `caseManagerId` in the caseload's order: the stored risk total,
   * highest first; then, among cases still awaiting their assessment (`awaiting` statuses), the
   * due date soonest, cases with nothing due after them; then the case id (byte order, as
   * JavaScript compares), so pages are stable. Only the page's profiles are read.
   */
  async caseloadPage(
    manager: EntityManager,
    caseManagerId: string,
    awaiting: readonly string[],
    limit: number,
    offset: number,
  ): Promise<{ total: number; cases: CaseloadCase[] }> {
    const [rows, counted] = await Promise.all([
      manager.query<CaseloadRow[]>(CASELOAD_PAGE_SQL, [caseManagerId, awaiting, limit, offset]),
      manager.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM cases
          WHERE case_manager_id = $1 AND status <> 'closed'`,
        [caseManagerId],
      ),
    ]);
    return { total: counted[0]?.total ?? 0, cases: rows.map(caseloadCaseOf) };
  }

  /** One case with what its risk score reads, open or not. */
  async caseloadCase(manager: EntityManager, caseId: string): Promise<CaseloadCase | null> {
    const rows: CaseloadRow[] = await manager.query(`${CASELOAD_SELECT} WHERE c.case_id = $1`, [
      caseId,
    ]);
    return rows[0] ? caseloadCaseOf(rows[0]) : null;
  }

  /** Coverage history, name and birth date of each member named (a page of the caseload). */
  async memberDetailsOf(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<Map<string, CaseloadMemberDetails>> {
    if (memberIds.length === 0) return new Map();
    const rows: {
      member_id: string;
      spans: CoverageSpan[] | null;
      first_name: string | null;
      last_name: string | null;
      birth_date: string | null;
    }[] = await manager.query(
      `SELECT m.member_id, mc.spans, d.first_name, d.last_name, d.birth_date::text AS birth_date
         FROM unnest($1::text[]) AS m(member_id)
         LEFT JOIN member_coverage mc ON mc.member_id = m.member_id
         LEFT JOIN member_demographics d ON d.member_id = m.member_id`,
      [[...new Set(memberIds)]],
    );
    return new Map(
      rows.map((r) => [
        r.member_id,
        {
          coverageSpans: r.spans ?? [],
          demographics:
            r.first_name !== null && r.last_name !== null && r.birth_date !== null
              ? { firstName: r.first_name, lastName: r.last_name, birthDate: r.birth_date }
              : null,
        },
      ]),
    );
  }

  async caseOwnership(manager: EntityManager, caseId: string): Promise<CaseOwnership | null> {
    const rows: {
      case_id: string;
      member_id: string;
      status: CaseStatus;
      case_manager_id: string | null;
    }[] = await manager.query(
      `SELECT case_id, member_id, status, case_manager_id FROM cases WHERE case_id = $1`,
      [caseId],
    );
    return rows[0] ? ownershipOf(rows[0]) : null;
  }

  /** Stores the attempt and announces its case on `CASE_CHANNEL`, in the caller's transaction. */
  async insertOutreachAttempt(manager: EntityManager, a: OutreachAttempt): Promise<void> {
    await manager.query(
      `WITH added AS (
         INSERT INTO outreach_attempts
           (attempt_id, case_id, member_id, channel, outcome, notes, recorded_by, recorder_name, attempted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))
       SELECT pg_notify($10, $11)`,
      [
        a.attemptId,
        a.caseId,
        a.memberId,
        a.channel,
        a.outcome,
        a.notes,
        a.recordedBy.id,
        a.recordedBy.name,
        a.attemptedAt,
        CASE_CHANNEL,
        announcementOf({ caseId: a.caseId, kind: 'outreach-attempt', detail: {} }),
      ],
    );
  }

  /** Who each case belongs to now (for the live stream's caseload check at push time). */
  async caseOwnerships(
    manager: EntityManager,
    caseIds: readonly string[],
  ): Promise<CaseOwnership[]> {
    if (caseIds.length === 0) return [];
    const rows: {
      case_id: string;
      member_id: string;
      status: CaseStatus;
      case_manager_id: string | null;
    }[] = await manager.query(
      `SELECT case_id, member_id, status, case_manager_id FROM cases WHERE case_id = ANY($1::text[])`,
      [caseIds],
    );
    return rows.map(ownershipOf);
  }

  /** The case's outreach attempts, oldest first. */
  async outreachAttemptsOf(manager: EntityManager, caseId: string): Promise<OutreachAttempt[]> {
    const rows: OutreachRow[] = await manager.query(
      `SELECT attempt_id, case_id, member_id, channel, outcome, notes, recorded_by, recorder_name,
              attempted_at
         FROM outreach_attempts WHERE case_id = $1 ORDER BY attempted_at, attempt_id`,
      [caseId],
    );
    return rows.map((r) => ({
      attemptId: r.attempt_id,
      caseId: r.case_id,
      memberId: r.member_id,
      channel: r.channel,
      outcome: r.outcome,
      notes: r.notes,
      recordedBy: { id: r.recorded_by, name: r.recorder_name },
      attemptedAt: new Date(r.attempted_at),
    }));
  }
}
