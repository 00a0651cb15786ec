import {
  criteriaVersionInEffect,
  evaluateCcmCriteria,
  type ClinicalProfile,
  type CriteriaReferences,
} from '@careflow/ccm-criteria';
import type { CoverageSpan } from '@careflow/contracts';
import { coverageOn } from '@careflow/coverage-read-model';
import { toPublishedEvaluation, type PublishedEvaluation } from './evidence';

/** What prompted an evaluation: the topic (or job) and the event id, if an event. */
export interface Trigger {
  readonly source: string;
  readonly eventId: string | null;
}

/** The result of evaluating one member: criteria (library) and coverage (read model). */
export interface MemberResult {
  readonly evaluation: PublishedEvaluation;
  readonly asOf: string;
  /**
   * Coverage in force on the evaluation date; null when it was not looked up: a clinical event of
   * a member who meets no criterion, whom coverage cannot make eligible.
   */
  readonly covered: boolean | null;
  /** Criteria met and coverage in force on the evaluation date. */
  readonly eligible: boolean;
}

/**
 * The criteria version in effect on `asOf`, evaluated on the profile, in the contract's shape;
 * `references` carries the configured DXCCSR and planned readmission tables.
 */
export function criteriaOf(
  profile: ClinicalProfile,
  asOf: string,
  references: CriteriaReferences = {},
): PublishedEvaluation {
  return toPublishedEvaluation(
    evaluateCcmCriteria(profile, asOf, criteriaVersionInEffect(asOf), references),
  );
}

export function withCoverage(
  evaluation: PublishedEvaluation,
  asOf: string,
  spans: readonly CoverageSpan[] | undefined,
): MemberResult {
  const covered = spans !== undefined && coverageOn(spans, asOf) !== null;
  return { evaluation, asOf, covered, eligible: covered && evaluation.criteriaMet.length > 0 };
}

export function withoutCoverage(evaluation: PublishedEvaluation, asOf: string): MemberResult {
  if (evaluation.criteriaMet.length > 0) {
    throw new Error('a member who meets a criterion is evaluated with their coverage');
  }
  return { evaluation, asOf, covered: null, eligible: false };
}
