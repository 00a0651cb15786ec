/**
 * Re-identification after a decline. The source document (004) is silent on re-offering the
 * program to a member who declined; Careflow's choice (issue #24, "a configurable, documented
 * quiet period for re-offering after a decline"): data that identifies the member again opens a
 * new case only once the quiet period (case-management REOFFER_AFTER_DECLINE_DAYS) has passed
 * since the decline, and only when the member meets a criterion the declined case did not have
 * (a criterion that lapsed and came back is not new). Referrals are never held back (the caller
 * does not ask).
 */

const DAY_MS = 86_400_000;

/** Why a data identification is held back, or null when it opens a new case. */
export type ReofferDeferral = 'quiet-period' | 'no-new-criterion';

export interface DeclinedCaseFacts {
  /** When the case was closed as declined. */
  readonly declinedAt: Date;
  /** The criteria the declined case was opened and identified with. */
  readonly criteriaMet: readonly string[];
}

/**
 * Whether a member whose latest case was declined is offered a new case now. The decline is within
 * the quiet period while less than `quietPeriodDays` × 24 h have passed (a decline exactly that
 * long ago is outside it); 0 days re-offers at once.
 */
export function reofferDeferral(
  declined: DeclinedCaseFacts,
  criteriaMet: readonly string[],
  now: Date,
  quietPeriodDays: number,
): ReofferDeferral | null {
  if (declined.declinedAt.getTime() > now.getTime() - quietPeriodDays * DAY_MS) {
    return 'quiet-period';
  }
  return criteriaMet.every((c) => declined.criteriaMet.includes(c)) ? 'no-new-criterion' : null;
}
