import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseStatus, CoverageSpan } from '@careflow/contracts';
import type { DiagnosisRecord, InpatientStayRecord } from '@careflow/ccm-criteria';
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

/** Who a case belongs to, for the caseload check and the outreach rules. */
export interface CaseOwnership {
  caseId: string;
  memberId: string;
  status: CaseStatus;
  caseManagerId: string | null;
}

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

const CASELOAD_SELECT = `
  SELECT c.case_id, c.member_id, c.status, c.criteria_met, c.case_manager_id, c.opened_at,
         c.assessment_due_at,
         p.profile -> 'diagnoses' AS diagnoses, p.profile -> 'inpatientStays' AS inpatient_stays
    FROM cases c
    LEFT JOIN clinical_profiles p ON p.member_id = c.member_id`;

/** A case manager's open cases with their risk inputs; `npm run bench -- caseload` times it bare. */
export const OPEN_CASES_OF_MANAGER_SQL = `${CASELOAD_SELECT}
   WHERE c.case_manager_id = $1 AND c.status <> 'closed'`;

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
   * Every open (not closed) case assigned to `caseManagerId`, with what its risk score reads
   * (index `cases_open_by_manager`, the profiles by primary key).
   */
  async openCasesOf(manager: EntityManager, caseManagerId: string): Promise<CaseloadCase[]> {
    const rows: CaseloadRow[] = await manager.query(OPEN_CASES_OF_MANAGER_SQL, [caseManagerId]);
    return rows.map(caseloadCaseOf);
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
    const r = rows[0];
    return r
      ? {
          caseId: r.case_id,
          memberId: r.member_id,
          status: r.status,
          caseManagerId: r.case_manager_id,
        }
      : null;
  }

  async insertOutreachAttempt(manager: EntityManager, a: OutreachAttempt): Promise<void> {
    await manager.query(
      `INSERT INTO outreach_attempts
         (attempt_id, case_id, member_id, channel, outcome, notes, recorded_by, recorder_name, attempted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
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
      ],
    );
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
