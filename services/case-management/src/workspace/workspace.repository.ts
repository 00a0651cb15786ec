import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseStatus, CoverageSpan } from '@careflow/contracts';
import type { DiagnosisRecord, InpatientStayRecord } from '@careflow/ccm-criteria';

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
}
