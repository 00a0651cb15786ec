import { addDays, readmissionWithin30Days } from '../src';
import {
  AS_OF,
  CONFIG,
  FACILITY_A,
  FACILITY_B,
  adtDischarge,
  configWith,
  inpatientClaim,
  profileOf,
} from './fixtures';

describe('readmission-30-days-same-condition', () => {
  const discharge = '2025-03-10';
  const index = () => adtDischarge('2025-03-05', discharge, ['I5023', 'E119']);

  it('counts a readmission on day 30 after the discharge and not on day 31', () => {
    const day30 = readmissionWithin30Days(
      profileOf(index(), adtDischarge(addDays(discharge, 30), '2025-04-12', ['I5021'])),
      AS_OF,
      CONFIG,
    );
    expect(day30.met).toBe(true);
    expect(day30.evidence.readmissions[0]).toMatchObject({
      daysAfterDischarge: 30,
      similarity: {
        rule: 'icd10-category',
        key: 'I50',
        indexDiagnosis: 'I5023',
        readmissionDiagnosis: 'I5021',
      },
    });
    expect(day30.evidence.rule).toBe('icd10-category');
    const day31 = readmissionWithin30Days(
      profileOf(index(), adtDischarge(addDays(discharge, 31), '2025-04-14', ['I5021'])),
      AS_OF,
      CONFIG,
    );
    expect(day31.met).toBe(false);
  });

  it('does not treat a transfer (admission the day of or after discharge) as a readmission', () => {
    for (const gap of [0, 1]) {
      const p = profileOf(
        index(),
        adtDischarge(addDays(discharge, gap), '2025-03-15', ['I5023'], { facilityNpi: FACILITY_B }),
      );
      expect(readmissionWithin30Days(p, AS_OF, CONFIG).met).toBe(false);
    }
    // The episode ends at the transfer's discharge: readmission is counted from there.
    const p = profileOf(
      index(),
      adtDischarge(addDays(discharge, 1), '2025-03-15', ['I5023'], { facilityNpi: FACILITY_B }),
      adtDischarge('2025-04-14', '2025-04-16', ['I5022'], { facilityNpi: FACILITY_A }),
    );
    const r = readmissionWithin30Days(p, AS_OF, CONFIG);
    expect(r.met).toBe(true);
    expect(r.evidence.readmissions[0]?.daysAfterDischarge).toBe(30);
    expect(r.evidence.readmissions[0]?.index.transfer).toBe(true);
  });

  it('does not count a readmission for another condition, but reports it', () => {
    const r = readmissionWithin30Days(
      profileOf(index(), adtDischarge('2025-03-20', '2025-03-22', ['J189'])),
      AS_OF,
      CONFIG,
    );
    expect(r.met).toBe(false);
    expect(r.evidence.readmissionsWithOtherDiagnosis).toBe(1);
  });

  it('uses the clinical group mapping when configured, and records that rule', () => {
    // Heart failure coded I50.23 then I11.0 (hypertensive heart disease with heart failure): different categories.
    const p = profileOf(index(), adtDischarge('2025-03-20', '2025-03-22', ['I110', 'I5023']));
    expect(readmissionWithin30Days(p, AS_OF, CONFIG).met).toBe(false);
    const cfg = configWith(
      (c) => (c.readmission.similarity = ['icd10-category', 'clinical-group']),
    );
    const r = readmissionWithin30Days(p, AS_OF, cfg);
    expect(r.met).toBe(true);
    expect(r.evidence.readmissions[0]?.similarity).toEqual({
      rule: 'clinical-group',
      key: 'heart-failure',
      label: 'Heart failure',
      indexDiagnosis: 'I5023',
      readmissionDiagnosis: 'I110',
    });
  });

  it('uses the claim principal diagnosis over the ADT one and counts an ADT+claim stay once', () => {
    const p = profileOf(
      adtDischarge('2025-03-05', discharge, ['R0602']),
      inpatientClaim('2025-03-05', discharge, ['J441']),
      adtDischarge('2025-03-25', '2025-03-27', ['J449']),
      inpatientClaim('2025-03-25', '2025-03-27', ['J449']),
    );
    const r = readmissionWithin30Days(p, AS_OF, CONFIG);
    expect(r.met).toBe(true);
    expect(r.evidence.readmissions).toHaveLength(1);
    expect(r.evidence.readmissions[0]?.similarity).toMatchObject({
      key: 'J44',
      indexDiagnosis: 'J441',
    });
    expect(r.evidence.readmissions[0]?.readmission.stays[0]?.reportedBy).toHaveLength(2);
  });

  it('only counts readmissions admitted within the look-back', () => {
    const p = profileOf(
      adtDischarge('2024-05-01', '2024-05-03', ['J441']),
      adtDischarge('2024-05-20', '2024-05-22', ['J441']),
    );
    expect(readmissionWithin30Days(p, AS_OF, CONFIG).met).toBe(false);
    expect(readmissionWithin30Days(p, '2025-05-20', CONFIG).met).toBe(true);
  });
});
