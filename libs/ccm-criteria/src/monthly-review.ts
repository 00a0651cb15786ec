import { sameCriteria } from './identification-plan';
import type { CriterionId } from './criteria/types';

/**
 * The monthly identification review's report: each member evaluated on the review date is compared
 * with the previous completed review. Pure: the service pages through the members and stores the
 * report.
 */

export const MONTHLY_REVIEW_OUTCOMES = ['new', 'still-eligible', 'no-longer-eligible'] as const;
export type MonthlyReviewOutcome = (typeof MONTHLY_REVIEW_OUTCOMES)[number];

/** `YYYY-MM` of a plan date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The evaluation date of a month's review: its last day, or today for the month in progress. */
export function reviewAsOf(month: string, today: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return last < today ? last : today;
}

/**
 * The member's line in the report: eligible now (new, or still eligible if the previous review
 * reported them eligible), no longer eligible (reported eligible then, not now), or null: eligible
 * in neither review, not reported.
 */
export function monthlyReviewOutcome(
  eligibleInPreviousReview: boolean,
  eligible: boolean,
): MonthlyReviewOutcome | null {
  if (eligible) return eligibleInPreviousReview ? 'still-eligible' : 'new';
  return eligibleInPreviousReview ? 'no-longer-eligible' : null;
}

/**
 * Whether the review settles the member (identification's plan then decides what is stored,
 * published, opened or closed): every member it reports, and any whose criteria met or
 * eligibility differ from what is stored. The others are left as they are.
 */
export function reviewSettles(
  outcome: MonthlyReviewOutcome | null,
  stored: { readonly criteriaMet: readonly CriterionId[]; readonly eligible: boolean },
  found: { readonly criteriaMet: readonly CriterionId[]; readonly eligible: boolean },
): boolean {
  if (outcome !== null) return true;
  return stored.eligible !== found.eligible || !sameCriteria(stored.criteriaMet, found.criteriaMet);
}
