import { CCM_CRITERIA_2026_1, type InpatientStayRecord } from '@careflow/ccm-criteria';
import {
  RISK_SCORE_2026_1,
  computeRiskScore,
  recentAdmissions,
  riskScoreConfigSchema,
} from '../src';
import { AS_OF, FACILITY_B, claimDiagnoses, stay } from './fixtures';

const INPATIENT = CCM_CRITERIA_2026_1.inpatient;
const admissionsOf = (...stays: InpatientStayRecord[]) =>
  recentAdmissions(stays, AS_OF, RISK_SCORE_2026_1.admissions, INPATIENT);

describe('recent admissions (LACE "E" points given to admissions)', () => {
  it('counts admissions in [as-of − 6 months, as-of], one point each, newest first', () => {
    const r = admissionsOf(
      stay('2025-12-14', '2025-12-16'),
      stay('2025-12-15', '2025-12-20', 'medical-claim', FACILITY_B),
      stay('2026-03-01', '2026-03-04'),
      stay('2026-06-15', '2026-06-15'),
    );
    // 2025-12-14 is a day before the window. The stay admitted on 2025-12-15 at another facility
    // overlaps it: one episode, admitted 2025-12-14, so it does not count either.
    expect(r.window).toEqual({ from: '2025-12-15', to: '2026-06-15' });
    expect(r.admissions.map((a) => a.admissionDate)).toEqual(['2026-06-15', '2026-03-01']);
    expect(r.points).toBe(2);
  });

  it('counts a stay reported by ADT and by its claim once', () => {
    const r = admissionsOf(
      stay('2026-02-01', '2026-02-05', 'adt-discharge'),
      stay('2026-02-01', '2026-02-05', 'medical-claim'),
    );
    expect(r.count).toBe(1);
    expect(r.admissions[0]?.stays[0]?.reportedBy.map((s) => s.kind).sort()).toEqual([
      'adt-discharge',
      'medical-claim',
    ]);
  });

  it('caps the points at 4', () => {
    const months = ['01', '02', '03', '04', '05'];
    const r = admissionsOf(...months.map((m) => stay(`2026-${m}-01`, `2026-${m}-03`)));
    expect(r.count).toBe(5);
    expect(r.points).toBe(4);
  });
});

describe('risk score', () => {
  it('adds Charlson points and admission points, with a one-line summary', () => {
    const profile = {
      diagnoses: [
        ...claimDiagnoses('2025-09-02', ['I50.22', 'N18.4']),
        ...claimDiagnoses('2026-02-01', ['J44.1']),
      ],
      inpatientStays: [stay('2026-02-01', '2026-02-05'), stay('2026-04-10', '2026-04-12')],
    };
    const r = computeRiskScore(profile, AS_OF, RISK_SCORE_2026_1, INPATIENT);
    expect(r.charlson.score).toBe(4);
    expect(r.admissions.points).toBe(2);
    expect(r.total).toBe(6);
    expect(r.version).toBe('risk-score-2026.1');
    expect(r.summary).toBe(
      'Charlson 4 (Congestive heart failure; Chronic pulmonary disease; Renal disease) + 2 admissions in 6 months (2 points) = 6',
    );
  });

  it('is 0 for a member without claims', () => {
    const r = computeRiskScore(
      { diagnoses: [], inpatientStays: [] },
      AS_OF,
      RISK_SCORE_2026_1,
      INPATIENT,
    );
    expect(r.total).toBe(0);
    expect(r.summary).toBe('Charlson 0 + 0 admissions in 6 months (0 points) = 0');
  });

  it('follows its configuration', () => {
    const profile = {
      diagnoses: claimDiagnoses('2024-09-01', ['C78.7']),
      inpatientStays: [stay('2025-09-01', '2025-09-03')],
    };
    const wide = {
      ...RISK_SCORE_2026_1,
      charlson: { lookbackMonths: 24 },
      admissions: { lookbackMonths: 12, pointsPerAdmission: 2, maxPoints: 4 },
    };
    expect(computeRiskScore(profile, AS_OF, RISK_SCORE_2026_1, INPATIENT).total).toBe(0);
    expect(computeRiskScore(profile, AS_OF, wide, INPATIENT).total).toBe(6 + 2);
  });

  it('validates its configuration', () => {
    expect(riskScoreConfigSchema.parse(RISK_SCORE_2026_1)).toEqual(RISK_SCORE_2026_1);
    expect(() =>
      riskScoreConfigSchema.parse({ ...RISK_SCORE_2026_1, charlson: { lookbackMonths: 0 } }),
    ).toThrow();
  });
});
