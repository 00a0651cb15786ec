import type { RoutingPolicy } from '../policy/schema';
import { FUNDING_TYPE_LABELS, LINE_OF_BUSINESS_LABELS } from '../reference-values';
import type { MemberCoverage } from '../routing/types';

/** A fill that qualified when it was adjudicated (kept until reversed), as the program keeps it. */
export interface KeptQualifyingFill {
  readonly fillDate: string;
  /** Why it qualified (`evaluateAdherenceEligibility`'s reasons). */
  readonly reasons: readonly string[];
}

export interface AdherenceMembershipInput {
  /** The member's qualifying fills not reversed. */
  readonly qualifyingFills: readonly KeptQualifyingFill[];
  /** The member's coverage in force today; null: none. */
  readonly coverageToday: Pick<MemberCoverage, 'lineOfBusiness' | 'fundingType'> | null;
  /** YYYY-MM-DD, the plan's today. */
  readonly today: string;
}

export interface AdherenceMembership {
  readonly eligible: boolean;
  /** Why, in plain language: the latest qualifying fill's reasons, or what keeps them out. */
  readonly reasons: string[];
}

/**
 * Whether a member is in the drug adherence discount program today: they keep at least one
 * qualifying fill and their coverage today is one the program serves (Blue Cross and BCN
 * commercial of any funding type, never Medicare Advantage: the policy's `adherenceProgram`).
 * `policy`: the version in force today; null: none is.
 */
export function adherenceMembership(
  { qualifyingFills, coverageToday, today }: AdherenceMembershipInput,
  policy: RoutingPolicy | null,
): AdherenceMembership {
  if (!policy) return { eligible: false, reasons: ['No policy version is in force today.'] };
  const program = policy.adherenceProgram;
  const latest = [...qualifyingFills].sort((a, b) => b.fillDate.localeCompare(a.fillDate))[0];
  if (!latest) {
    return {
      eligible: false,
      reasons: [
        `No paid retail fill of one of ${program.vendor.name}'s select medications remains (reversed or not qualifying).`,
      ],
    };
  }
  if (!coverageToday) {
    return { eligible: false, reasons: [`The member has no coverage in force on ${today}.`] };
  }
  const { lineOfBusiness, fundingType } = coverageToday;
  if (
    program.excludedLinesOfBusiness.includes(lineOfBusiness) ||
    !program.eligibleLinesOfBusiness.includes(lineOfBusiness) ||
    !program.eligibleFundingTypes.includes(fundingType)
  ) {
    return {
      eligible: false,
      reasons: [
        `The member's coverage on ${today} is ${LINE_OF_BUSINESS_LABELS[lineOfBusiness]} with ${FUNDING_TYPE_LABELS[fundingType]}, which ${program.vendor.name} does not serve (Blue Cross and BCN commercial only; never Medicare Advantage).`,
      ],
    };
  }
  return { eligible: true, reasons: [...latest.reasons] };
}
