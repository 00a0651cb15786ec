/**
 * When a case manager may record the phone assessment as "unable to reach". Document 004
 * (docs/source-documents/004_bc7f8c9b8722c25c.txt, "Referral process") says each referral is
 * reviewed with "a member assessment by phone" and that participation is voluntary; it is silent
 * on how many attempts to reach the member come first. The number is therefore a choice, set by
 * configuration (case-management's OUTREACH_ATTEMPTS_BEFORE_UNABLE_TO_REACH, default 3).
 */

/** An attempt as the rule sees it: did it reach the member? */
export interface OutreachAttemptResult {
  readonly reachedMember: boolean;
}

/** The stable code of the refusal (HTTP 409 `error`) and the rule it names. */
export const UNABLE_TO_REACH_REFUSAL = 'too-few-outreach-attempts';

export type UnableToReachDecision =
  | { readonly allowed: true; readonly unanswered: number; readonly required: number }
  | {
      readonly allowed: false;
      readonly error: typeof UNABLE_TO_REACH_REFUSAL;
      readonly reason: string;
      readonly unanswered: number;
      readonly required: number;
    };

/**
 * "Unable to reach" is allowed once at least `required` logged attempts did not reach the member;
 * an attempt that reached them does not count (the assessment then has another outcome).
 */
export function decideUnableToReach(
  attempts: readonly OutreachAttemptResult[],
  required: number,
): UnableToReachDecision {
  if (!Number.isInteger(required) || required < 0)
    throw new RangeError('required outreach attempts must be a whole number, 0 or more');
  const unanswered = attempts.filter((a) => !a.reachedMember).length;
  if (unanswered >= required) return { allowed: true, unanswered, required };
  return {
    allowed: false,
    error: UNABLE_TO_REACH_REFUSAL,
    reason:
      `"unable to reach" needs at least ${required} logged outreach attempts that did not reach ` +
      `the member; the case has ${unanswered}`,
    unanswered,
    required,
  };
}
