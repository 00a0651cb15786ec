import type { IdentificationSource } from '@careflow/contracts';
import type { CriterionId } from './criteria/types';

/**
 * Identification's decision for one member, taken before anything is written: whether the new
 * evaluation is stored (update) or the stored one left, whether it is published, which cases it
 * opens (by data, by a waiting referral) and which it ends. Pure: the service reads the stored
 * state and the member's coverage, asks this, and carries the answer out.
 */

/**
 * `on-change`: an evaluation is published when the criteria met or the eligibility change (and
 * when forced: referrals, monthly-review subjects); `every-trigger`: for every triggering event.
 * The criteria document is silent on it; the service's EVALUATION_PUBLISHING chooses.
 */
export type EvaluationPublishing = 'on-change' | 'every-trigger';

/** What is stored of the member before this evaluation. */
export interface IdentifiedBefore {
  /** The member has a stored profile; false: this evaluation creates it. */
  readonly stored: boolean;
  readonly criteriaMet: readonly CriterionId[];
  readonly eligible: boolean;
}

/** This evaluation: the criteria met on its date and the coverage in force that day. */
export interface IdentificationFinding {
  readonly criteriaMet: readonly CriterionId[];
  /** The data feeds whose records satisfied the criteria met. */
  readonly sources: readonly IdentificationSource[];
  /** Coverage in force; null: not looked up (a member who meets no criterion). */
  readonly covered: boolean | null;
  /** Criteria met and coverage in force. */
  readonly eligible: boolean;
}

export interface IdentificationInput {
  readonly before: IdentifiedBefore;
  readonly finding: IdentificationFinding;
  /** Clinical events were folded into the profile by this evaluation. */
  readonly profileChanged: boolean;
  /** The data feed of the event that prompted the evaluation, if it is one. */
  readonly triggerSource: IdentificationSource | null;
  /** Publish the evaluation even when nothing changed (referrals, monthly-review subjects). */
  readonly forcePublish: boolean;
  /**
   * The sources of referrals waiting for this evaluation: a referral opens a case whatever the
   * criteria say once the member is covered. Null: no referral is waiting.
   */
  readonly referralSources: readonly IdentificationSource[] | null;
}

export interface IdentificationOptions {
  readonly publishing: EvaluationPublishing;
  /**
   * A review of a past month: what it finds is reported (and published when forced) but today's
   * state is left alone: nothing stored, opened or closed.
   */
  readonly reportOnly: boolean;
}

/** A case to open, and the sources it was identified by. */
export interface CaseOpening {
  /** `data`: identified by the criteria (held back during a decline's quiet period). */
  readonly by: 'data' | 'referral';
  readonly sources: IdentificationSource[];
}

export interface IdentificationPlan {
  /** The criteria met or the eligibility differ from what was stored. */
  readonly changed: boolean;
  readonly publish: boolean;
  /** Store the new evaluation (and profile); false: leave the stored one as it is. */
  readonly store: boolean;
  /** Eligible now and not before (never under `reportOnly`: nothing changes then). */
  readonly newlyEligible: boolean;
  /** Eligible before and not now (never under `reportOnly`). */
  readonly noLongerEligible: boolean;
  /** Criteria met now that were not before. */
  readonly newCriteria: CriterionId[];
  readonly openings: CaseOpening[];
  /** Coverage is known not to be in force: every open case of the member closes. */
  readonly closeForCoverageEnded: boolean;
  /** No longer eligible: the member's cases still waiting for their assessment end. */
  readonly markNotEligible: boolean;
}

/** Same set of criteria, in any order. */
export function sameCriteria(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}

export function planIdentification(
  input: IdentificationInput,
  options: IdentificationOptions,
): IdentificationPlan {
  const { before, finding } = input;
  const changed =
    !sameCriteria(before.criteriaMet, finding.criteriaMet) || before.eligible !== finding.eligible;
  const newCriteria = finding.criteriaMet.filter((c) => !before.criteriaMet.includes(c));
  if (options.reportOnly) {
    return {
      changed,
      publish: input.forcePublish,
      store: false,
      newlyEligible: false,
      noLongerEligible: false,
      newCriteria,
      openings: [],
      closeForCoverageEnded: false,
      markNotEligible: false,
    };
  }
  const publish = options.publishing === 'every-trigger' || changed || input.forcePublish;
  // A re-evaluation that changed nothing and published nothing leaves the stored one; a member
  // without a stored profile gets one whatever happened.
  const store = !before.stored || input.profileChanged || changed || publish;
  const newlyEligible = finding.eligible && !before.eligible;
  const noLongerEligible = !finding.eligible && before.eligible;
  const openings: CaseOpening[] = [];
  // A criterion the member did not meet before identifies them again: a new case when their last
  // one was declined or closed (after the decline quiet period), or added to the open one.
  if (newlyEligible || (finding.eligible && newCriteria.length > 0)) {
    openings.push({ by: 'data', sources: dataSources(finding, input.triggerSource) });
  }
  if (input.referralSources && finding.covered === true) {
    openings.push({
      by: 'referral',
      sources: [...input.referralSources, ...(finding.eligible ? finding.sources : [])],
    });
  }
  return {
    changed,
    publish,
    store,
    newlyEligible,
    noLongerEligible,
    newCriteria,
    openings,
    closeForCoverageEnded: finding.covered === false,
    markNotEligible: noLongerEligible,
  };
}

/** The feeds that identified the member; without any, the feed of the triggering event. */
function dataSources(
  finding: IdentificationFinding,
  triggerSource: IdentificationSource | null,
): IdentificationSource[] {
  if (finding.sources.length > 0) return [...finding.sources];
  return triggerSource ? [triggerSource] : [];
}
