import type { ClinicalProfile } from '../clinical-profile';
import type { CcmCriteriaConfig } from '../config';
import { inWindow, lookbackWindow, type IsoDate } from '../dates';
import { reconcileInpatientStays, type InpatientEpisode } from './inpatient-episodes';
import type { CriterionResult, EvidenceBase } from './types';

export interface AdmissionsEvidence extends EvidenceBase {
  criterionId: 'three-or-more-admissions-12-months';
  rule: 'admissions-in-12-months' | null;
  threshold: number;
  count: number;
  /** The admissions counted, oldest first, each with the stays and records behind it. */
  admissions: InpatientEpisode[];
}

/**
 * Counts admissions (episodes: a stay reported by ADT and claim is one; a transfer chain is one)
 * whose admission date is in `[asOf − 12 months, asOf]`: admitted on 2024-06-15 counts for asOf
 * 2025-06-15, 2024-06-14 does not. Met at `minAdmissions` (3) or more.
 */
export function threeOrMoreAdmissions(
  profile: ClinicalProfile,
  asOf: IsoDate,
  config: CcmCriteriaConfig,
  /** The member's episodes, when the caller already reconciled them (`evaluateCcmCriteria`). */
  reconciled?: InpatientEpisode[],
): CriterionResult<AdmissionsEvidence> {
  const cfg = config.admissions;
  const window = lookbackWindow(asOf, cfg.lookbackMonths);
  const episodes = reconciled ?? reconcileInpatientStays(profile.inpatientStays, config.inpatient);
  const admissions = episodes.filter((e) => inWindow(e.admissionDate, window));
  const count = admissions.length;
  const met = count >= cfg.minAdmissions;
  const reports = admissions.reduce(
    (n, e) => n + e.stays.reduce((m, s) => m + s.reportedBy.length, 0),
    0,
  );
  const transfers = admissions.filter((e) => e.transfer).length;
  const summary =
    `${count} admission${count === 1 ? '' : 's'} from ${window.from} to ${window.to}` +
    (count > 0
      ? ` (${admissions.map((a) => a.admissionDate).join(', ')}; ${reports} records, ${transfers} with a transfer)`
      : '') +
    ` — ${met ? 'meets' : 'below'} the threshold of ${cfg.minAdmissions}.`;
  return {
    met,
    evidence: {
      criterionId: 'three-or-more-admissions-12-months',
      met,
      rule: met ? 'admissions-in-12-months' : null,
      summary,
      window,
      threshold: cfg.minAdmissions,
      count,
      admissions,
    },
  };
}
