import type {
  CaseClosureReason,
  CaseStatus,
  CcmCriterionId,
  IdentificationSource,
} from '@careflow/contracts';
import type { Case } from './case';

/** A `cases` row as PostgreSQL answers it; only repositories see it. */
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

export const CASE_COLUMNS = [
  'case_id',
  'member_id',
  'status',
  'identification_sources',
  'criteria_met',
  'case_manager_id',
  'opened_at',
  'assessment_due_at',
  'assessment_overdue',
  'assessment_outcome',
  'assessed_at',
  'closed_at',
  'closure_reason',
  'updated_at',
] as const satisfies readonly (keyof CaseRow)[];
/** The columns of a case, qualified with the alias `c`. */
export const C_COLUMNS = CASE_COLUMNS.map((column) => `c.${column}`).join(', ');

export function caseOf(row: CaseRow): Case {
  return {
    caseId: row.case_id,
    memberId: row.member_id,
    status: row.status,
    identificationSources: row.identification_sources,
    criteriaMet: row.criteria_met,
    caseManagerId: row.case_manager_id,
    openedAt: new Date(row.opened_at),
    assessmentDueAt: new Date(row.assessment_due_at),
    assessmentOverdue: row.assessment_overdue,
    assessmentOutcome: row.assessment_outcome,
    assessedAt: row.assessed_at ? new Date(row.assessed_at) : null,
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
    closureReason: row.closure_reason,
    updatedAt: new Date(row.updated_at),
  };
}
