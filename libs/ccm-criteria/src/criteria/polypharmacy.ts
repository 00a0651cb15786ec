import type { ClinicalProfile } from '../clinical-profile';
import type { CcmCriteriaConfig } from '../config';
import { calendarQuarter, type IsoDate, compareStrings } from '../dates';
import type { CriterionResult, EvidenceBase } from './types';

export interface QuarterCount {
  quarter: string;
  from: IsoDate;
  /** The quarter's last day, or asOf for the quarter in progress. */
  to: IsoDate;
  /** Paid fills, net of reversals. */
  prescriptions: number;
  /** Fills of the quarter that were reversed (not counted). */
  reversed: number;
  /**
   * The MTM review of the quarter with the most medications, and the prescriptions they stand for
   * (medication count × `mtm.fillsPerMedicationPerQuarter` 30-day fills); null without one.
   */
  mtm: {
    reviewId: string;
    reviewDate: IsoDate;
    medicationCount: number;
    prescriptions: number;
  } | null;
}

export interface PolypharmacyEvidence extends EvidenceBase {
  criterionId: 'polypharmacy-over-30-per-quarter';
  rule: 'prescriptions-in-calendar-quarter' | 'mtm-medication-count' | null;
  moreThan: number;
  /** Quarters looked at, most recent first. */
  quarters: QuarterCount[];
  qualifyingQuarter: string | null;
  /** The paid fills of the qualifying quarter (or of the busiest quarter when not met). */
  fills: Array<{ claimId: string; fillDate: IsoDate; ndc: string; drugName: string | null }>;
}

/**
 * Prescriptions are paid pharmacy claims net of reversals (one per claimId, refills included),
 * counted by fill date per calendar quarter. Looks at the quarter containing asOf (fills up to
 * asOf) and the `previousQuarters` before it. Met when a quarter has more than 30: 31 meets, 30
 * does not. A Medication Therapy Management review in the quarter counts too (fills outside the
 * plan's pharmacy benefit do not reach the pharmacy claims): its medications, each filled as
 * 30-day supplies (`fillsPerMedicationPerQuarter`, 3), stand for that many prescriptions, so 11
 * medications (33) meet and 10 (30) do not.
 */
export function polypharmacyOver30PerQuarter(
  profile: ClinicalProfile,
  asOf: IsoDate,
  config: CcmCriteriaConfig,
): CriterionResult<PolypharmacyEvidence> {
  const cfg = config.polypharmacy;
  const quarters: QuarterCount[] = [];
  for (let q = 0; q <= cfg.previousQuarters; q++) {
    const cq = calendarQuarter(asOf, -q);
    quarters.push({
      quarter: cq.label,
      from: cq.from,
      to: q === 0 ? asOf : cq.to,
      prescriptions: 0,
      reversed: 0,
      mtm: null,
    });
  }
  const oldest = quarters[quarters.length - 1]?.from ?? asOf;
  for (const f of profile.pharmacyFills) {
    if (f.fillDate < oldest || f.fillDate > asOf) continue;
    const q = quarters.find((x) => f.fillDate >= x.from && f.fillDate <= x.to);
    if (!q) continue;
    if (f.status === 'paid') q.prescriptions += 1;
    else q.reversed += 1;
  }
  const perMedication = config.mtm.fillsPerMedicationPerQuarter;
  if (perMedication > 0) {
    for (const r of profile.mtmReviews) {
      if (r.medicationCount === null || r.reviewDate < oldest || r.reviewDate > asOf) continue;
      const q = quarters.find((x) => r.reviewDate >= x.from && r.reviewDate <= x.to);
      if (!q || (q.mtm && q.mtm.medicationCount >= r.medicationCount)) continue;
      q.mtm = {
        reviewId: r.reviewId,
        reviewDate: r.reviewDate,
        medicationCount: r.medicationCount,
        prescriptions: r.medicationCount * perMedication,
      };
    }
  }
  const byFills = (q: QuarterCount) => q.prescriptions > cfg.moreThanPrescriptions;
  const byMtm = (q: QuarterCount) => (q.mtm?.prescriptions ?? 0) > cfg.moreThanPrescriptions;
  const qualifying = quarters.find(byFills) ?? quarters.find(byMtm) ?? null;
  const shown =
    qualifying ??
    quarters.reduce<QuarterCount | null>(
      (m, q) => (m && m.prescriptions >= q.prescriptions ? m : q),
      null,
    );
  const fills = shown
    ? profile.pharmacyFills
        .filter((f) => f.status === 'paid' && f.fillDate >= shown.from && f.fillDate <= shown.to)
        .sort(
          (a, b) => compareStrings(a.fillDate, b.fillDate) || compareStrings(a.claimId, b.claimId),
        )
        .map((f) => ({
          claimId: f.claimId,
          fillDate: f.fillDate,
          ndc: f.ndc,
          drugName: f.drugName,
        }))
    : [];
  const met = qualifying !== null;
  const rule = !qualifying
    ? null
    : byFills(qualifying)
      ? ('prescriptions-in-calendar-quarter' as const)
      : ('mtm-medication-count' as const);
  const counts = quarters
    .map(
      (q) =>
        `${q.quarter}: ${q.prescriptions}${q.reversed > 0 ? ` (${q.reversed} reversed)` : ''}` +
        (q.mtm ? `, MTM review ${q.mtm.medicationCount} medications = ${q.mtm.prescriptions}` : ''),
    )
    .join('; ');
  const summary = `${met ? `${qualifying.quarter} has more than` : 'No quarter has more than'} ${cfg.moreThanPrescriptions} ${rule === 'mtm-medication-count' ? 'prescriptions by its MTM medication review' : 'paid prescriptions net of reversals'} (${counts}).`;
  const window = { from: oldest, to: asOf };
  return {
    met,
    evidence: {
      criterionId: 'polypharmacy-over-30-per-quarter',
      met,
      rule,
      summary,
      window,
      moreThan: cfg.moreThanPrescriptions,
      quarters,
      qualifyingQuarter: qualifying?.quarter ?? null,
      fills,
    },
  };
}
