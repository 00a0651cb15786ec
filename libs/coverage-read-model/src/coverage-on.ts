import type { CoverageSpan } from '@careflow/contracts';

/**
 * The span in force on `date` (YYYY-MM-DD; dates compare as strings). Eligibility publishes
 * non-overlapping spans; should two overlap, the later-effective one wins, as it would there.
 */
export function coverageOn(spans: readonly CoverageSpan[], date: string): CoverageSpan | null {
  let found: CoverageSpan | null = null;
  for (const span of spans) {
    if (span.effectiveDate > date) continue;
    if (span.terminationDate !== null && span.terminationDate < date) continue;
    if (found === null || span.effectiveDate > found.effectiveDate) found = span;
  }
  return found;
}

/** Whether the member has coverage on any day of [from, to]. */
export function hasCoverageBetween(
  spans: readonly CoverageSpan[],
  from: string,
  to: string,
): boolean {
  return spans.some(
    (s) => s.effectiveDate <= to && (s.terminationDate === null || s.terminationDate >= from),
  );
}
