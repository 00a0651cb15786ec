/**
 * Recent admissions as points: inpatient admissions (episodes reconciled as the CCM criteria count
 * them: an ADT discharge and its claim are one stay, a transfer chain is one admission) admitted in
 * `[asOf − lookbackMonths, asOf]`, `pointsPerAdmission` each, at most `maxPoints`.
 *
 * The default (6 months, 1 point each, at most 4) is the "E" component of the LACE index (van
 * Walraven C, Dhalla IA, Bell C, et al. Derivation and validation of an index to predict early
 * death or unplanned readmission after discharge from hospital to the community. CMAJ.
 * 2010;182(6):551-557, Table 2: emergency visits in the previous 6 months, one point each, capped
 * at 4). LACE counts emergency-department visits; case management holds inpatient stays, not ED
 * visits, so the points are given to admissions instead. That substitution is this project's
 * choice, made configurable (`RiskScoreConfig.admissions`).
 */
import {
  inWindow,
  lookbackWindow,
  reconcileInpatientStays,
  type CcmCriteriaConfig,
  type DateWindow,
  type InpatientEpisode,
  type InpatientStayRecord,
  type IsoDate,
} from '@careflow/ccm-criteria';

export interface RecentAdmissionsRules {
  lookbackMonths: number;
  pointsPerAdmission: number;
  maxPoints: number;
}

export interface RecentAdmissionsResult {
  points: number;
  count: number;
  window: DateWindow;
  /** The admissions counted, newest first, with the stays and records behind each. */
  admissions: InpatientEpisode[];
}

export function recentAdmissions(
  stays: readonly InpatientStayRecord[],
  asOf: IsoDate,
  rules: RecentAdmissionsRules,
  inpatientRules: CcmCriteriaConfig['inpatient'],
): RecentAdmissionsResult {
  const window = lookbackWindow(asOf, rules.lookbackMonths);
  const admissions = reconcileInpatientStays(stays, inpatientRules)
    .filter((e) => inWindow(e.admissionDate, window))
    .reverse();
  const count = admissions.length;
  return {
    points: Math.min(count * rules.pointsPerAdmission, rules.maxPoints),
    count,
    window,
    admissions,
  };
}
