import type { CaseManagerContact } from '@careflow/contracts';
import type { StoredEvaluation } from '../identification/profile-store';
import type { CaseRow } from './cases.service';

export interface CaseView {
  caseId: string;
  memberId: string;
  status: CaseRow['status'];
  identificationSources: CaseRow['identification_sources'];
  criteriaMet: CaseRow['criteria_met'];
  caseManager: CaseManagerContact | null;
  openedAt: string;
  assessmentDueAt: string;
  assessmentOverdue: boolean;
  assessmentOutcome: string | null;
  assessedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

export interface CaseHistoryEntry {
  at: string;
  actor: { id: string; name: string };
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  detail: Record<string, unknown>;
}

export interface CaseDetailView extends CaseView {
  history: CaseHistoryEntry[];
  latestEvaluation: StoredEvaluation | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function caseView(
  row: CaseRow,
  contacts: ReadonlyMap<string, CaseManagerContact>,
): CaseView {
  return {
    caseId: row.case_id,
    memberId: row.member_id,
    status: row.status,
    identificationSources: row.identification_sources,
    criteriaMet: row.criteria_met,
    caseManager: row.case_manager_id ? (contacts.get(row.case_manager_id) ?? null) : null,
    openedAt: iso(row.opened_at)!,
    assessmentDueAt: iso(row.assessment_due_at)!,
    assessmentOverdue: row.assessment_overdue,
    assessmentOutcome: row.assessment_outcome,
    assessedAt: iso(row.assessed_at),
    closedAt: iso(row.closed_at),
    updatedAt: iso(row.updated_at)!,
  };
}
