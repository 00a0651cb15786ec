/**
 * The member risk score a case manager's caseload is ordered by: the Charlson comorbidity index
 * (chronic burden) plus points for recent admissions (acute use), each part shown with its
 * evidence. Neither source document sets a risk score; the combination and its defaults are this
 * project's choice, versioned and configurable (`RISK_SCORE_2026_1`).
 */
import { z } from 'zod';
import type { CcmCriteriaConfig, ClinicalProfile, IsoDate } from '@careflow/ccm-criteria';
import { charlsonComorbidityIndex, type CharlsonIndexResult } from './charlson/charlson-index';
import { recentAdmissions, type RecentAdmissionsResult } from './recent-admissions';

export const riskScoreConfigSchema = z.object({
  version: z.string().min(1),
  charlson: z.object({
    /** Diagnoses dated this many months before as-of count (claims-based practice: one year). */
    lookbackMonths: z.int().min(1).max(60),
  }),
  admissions: z.object({
    lookbackMonths: z.int().min(1).max(60),
    pointsPerAdmission: z.int().min(0).max(10),
    maxPoints: z.int().min(0).max(50),
  }),
});

export type RiskScoreConfig = z.infer<typeof riskScoreConfigSchema>;

export const RISK_SCORE_2026_1: RiskScoreConfig = {
  version: 'risk-score-2026.1',
  charlson: { lookbackMonths: 12 },
  admissions: { lookbackMonths: 6, pointsPerAdmission: 1, maxPoints: 4 },
};

export interface RiskScore {
  version: string;
  asOf: IsoDate;
  /** Charlson points plus admission points. */
  total: number;
  charlson: CharlsonIndexResult;
  admissions: RecentAdmissionsResult;
  /** One line for a list: "Charlson 5 (CHF, renal disease) + 2 admissions in 6 months = 7". */
  summary: string;
}

export function computeRiskScore(
  profile: Pick<ClinicalProfile, 'diagnoses' | 'inpatientStays'>,
  asOf: IsoDate,
  config: RiskScoreConfig,
  inpatientRules: CcmCriteriaConfig['inpatient'],
): RiskScore {
  const charlson = charlsonComorbidityIndex(
    profile.diagnoses,
    asOf,
    config.charlson.lookbackMonths,
  );
  const admissions = recentAdmissions(
    profile.inpatientStays,
    asOf,
    config.admissions,
    inpatientRules,
  );
  const total = charlson.score + admissions.points;
  const scored = charlson.conditions.filter((c) => c.points > 0).map((c) => c.label);
  const summary =
    `Charlson ${charlson.score}` +
    (scored.length > 0 ? ` (${scored.join('; ')})` : '') +
    ` + ${admissions.count} admission${admissions.count === 1 ? '' : 's'} in ` +
    `${config.admissions.lookbackMonths} months (${admissions.points} points) = ${total}`;
  return { version: config.version, asOf, total, charlson, admissions, summary };
}
