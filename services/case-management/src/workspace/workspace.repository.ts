import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseStatus, CoverageSpan } from '@careflow/contracts';
import type {
  DiagnosisRecord,
  InpatientStayRecord,
  OutreachAttemptResult,
} from '@careflow/ccm-criteria';
import { announcementOf, CASE_CHANNEL } from '../cases/case-announcement';

/** An open case of a caseload with what the workspace shows beside it. */
export interface CaseloadCase {
  caseId: string;
  memberId: string;
  status: CaseStatus;
  criteriaMet: string[];
  caseManagerId: string | null;
  openedAt: Date;
  assessmentDueAt: Date;
  assessmentOverdue: boolean;
  /** The member's coverage history from eligibility's published read model (plan, PCP). */
  coverageSpans: CoverageSpan[];
  /** What the risk score reads of the member's clinical profile. */
  diagnoses: DiagnosisRecord[];
  inpatientStays: InpatientStayRecord[];
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

interface CaseloadRow {
  case_id: string;
  member_id: string;
  status: CaseStatus;
  criteria_met: string[];
  case_manager_id: string | null;
  opened_at: Date;
  assessment_due_at: Date;
  assessment_overdue: boolean;
  spans: CoverageSpan[] | null;
  diagnoses: DiagnosisRecord[] | null;
  inpatient_stays: InpatientStayRecord[] | null;
}

/**
 * The workspace's reads over cases, profiles and the coverage read model. Only the two parts of
 * the profile the risk score reads are sent (`profile->'diagnoses'`, `->'inpatientStays'`).
 */
@Injectable()
export class WorkspaceRepository {
  /** Every open (not closed) case assigned to `caseManagerId`. */
  async openCasesOf(manager: EntityManager, caseManagerId: string): Promise<CaseloadCase[]> {
    const rows: CaseloadRow[] = await manager.query(
      `SELECT c.case_id, c.member_id, c.status, c.criteria_met, c.case_manager_id, c.opened_at,
              c.assessment_due_at, c.assessment_overdue, mc.spans,
              p.profile -> 'diagnoses' AS diagnoses, p.profile -> 'inpatientStays' AS inpatient_stays
         FROM cases c
         LEFT JOIN clinical_profiles p ON p.member_id = c.member_id
         LEFT JOIN member_coverage mc ON mc.member_id = c.member_id
        WHERE c.case_manager_id = $1 AND c.status <> 'closed'`,
      [caseManagerId],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      memberId: r.member_id,
      status: r.status,
      criteriaMet: r.criteria_met,
      caseManagerId: r.case_manager_id,
      openedAt: new Date(r.opened_at),
      assessmentDueAt: new Date(r.assessment_due_at),
      assessmentOverdue: r.assessment_overdue,
      coverageSpans: r.spans ?? [],
      diagnoses: r.diagnoses ?? [],
      inpatientStays: r.inpatient_stays ?? [],
    }));
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
