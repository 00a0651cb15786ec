/**
 * The caseload's order: highest risk first; among equal risk the assessment due soonest (overdue
 * ones first, their due date being past), cases whose assessment is done (no due date) after
 * them; then the case id, so pages are stable. Neither source document orders a caseload: risk
 * before urgency is this project's choice (README, workspace).
 */
export interface CaseloadOrderKey {
  caseId: string;
  riskTotal: number;
  /** Null once the first assessment is recorded: nothing is due. */
  assessmentDueAt: Date | null;
}

const dueTime = (k: CaseloadOrderKey): number =>
  k.assessmentDueAt ? k.assessmentDueAt.getTime() : Number.POSITIVE_INFINITY;

export function compareCaseloadEntries(a: CaseloadOrderKey, b: CaseloadOrderKey): number {
  return (
    b.riskTotal - a.riskTotal ||
    Math.sign(dueTime(a) - dueTime(b)) ||
    (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0)
  );
}
