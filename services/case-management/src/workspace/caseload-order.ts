/**
 * The caseload's order: highest risk first; among equal risk the assessment due soonest (overdue
 * ones first, their due date being past); then the case id, so pages are stable. Neither source
 * document orders a caseload: risk before urgency is this project's choice (README, workspace).
 */
export interface CaseloadOrderKey {
  caseId: string;
  riskTotal: number;
  assessmentDueAt: Date;
}

export function compareCaseloadEntries(a: CaseloadOrderKey, b: CaseloadOrderKey): number {
  return (
    b.riskTotal - a.riskTotal ||
    a.assessmentDueAt.getTime() - b.assessmentDueAt.getTime() ||
    (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0)
  );
}
