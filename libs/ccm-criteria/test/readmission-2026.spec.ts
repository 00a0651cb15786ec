import { readmissionWithin30Days, threeOrMoreAdmissions } from '../src';
import {
  AS_OF_2026 as AS_OF,
  CONFIG,
  CONFIG_2026,
  FACILITY_A,
  FACILITY_B,
  adtDischarge,
  configWith2026,
  inpatientClaim,
  profileOf,
} from './fixtures';

describe('readmission-30-days-same-condition (2026.1)', () => {
  const home = { dischargeDisposition: '01' };

  it('a member discharged home (01) and admitted the next day has been readmitted', () => {
    const p = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['I5023'], home),
      adtDischarge('2026-03-06', '2026-03-09', ['I5023'], { facilityNpi: FACILITY_B }),
    );
    const r = readmissionWithin30Days(p, AS_OF, CONFIG_2026);
    expect(r.met).toBe(true);
    expect(r.evidence.readmissions[0]?.daysAfterDischarge).toBe(1);
    expect(r.evidence.transferIdentification).toBe('discharge-disposition');
    // Same day, same facility, discharged home: a readmission too (day 0).
    const sameDay = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['J441'], home),
      adtDischarge('2026-03-05', '2026-03-08', ['J449']),
    );
    expect(
      readmissionWithin30Days(sameDay, AS_OF, CONFIG_2026).evidence.readmissions[0],
    ).toMatchObject({ daysAfterDischarge: 0 });
    // 2025.1 read any adjacent stay as a transfer.
    const old = readmissionWithin30Days(p, '2025-06-15', CONFIG);
    expect(old.met).toBe(false);
  });

  it('a discharge to another acute-care hospital (02, 05, 43, 66, 82, 85, 88, 94) followed the same or next day is a transfer', () => {
    for (const status of ['02', '5', '43', '66', '82', '85', '88', '94']) {
      for (const gap of ['2026-03-05', '2026-03-06']) {
        const p = profileOf(
          adtDischarge('2026-03-01', '2026-03-05', ['I5023'], { dischargeDisposition: status }),
          adtDischarge(gap, '2026-03-12', ['I5023'], { facilityNpi: FACILITY_B }),
        );
        const r = readmissionWithin30Days(p, AS_OF, CONFIG_2026);
        expect(r.met).toBe(false);
        expect(threeOrMoreAdmissions(p, AS_OF, CONFIG_2026).evidence.admissions[0]?.transfer).toBe(
          true,
        );
      }
    }
    // Two days later it is a new admission even after a transfer status.
    const p = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['I5023'], { dischargeDisposition: '02' }),
      adtDischarge('2026-03-07', '2026-03-12', ['I5023'], { facilityNpi: FACILITY_B }),
    );
    expect(readmissionWithin30Days(p, AS_OF, CONFIG_2026).met).toBe(true);
  });

  it('with no discharge status known, adjacency is a transfer by default and a readmission when configured', () => {
    const p = profileOf(
      inpatientClaim('2026-03-01', '2026-03-05', ['I5023']),
      inpatientClaim('2026-03-06', '2026-03-09', ['I5023'], { facilityNpi: FACILITY_B }),
    );
    expect(readmissionWithin30Days(p, AS_OF, CONFIG_2026).met).toBe(false);
    const cfg = configWith2026((c) => (c.inpatient.unknownDisposition = 'readmission'));
    expect(readmissionWithin30Days(p, AS_OF, cfg).met).toBe(true);
  });

  it('compares each admission with every discharge of the 30 days before it, not only the previous stay', () => {
    // Heart failure 03-01..03-05, a fracture 03-10..03-12, heart failure again 03-20.
    const p = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['I5023'], home),
      adtDischarge('2026-03-10', '2026-03-12', ['S72001A'], home),
      adtDischarge('2026-03-20', '2026-03-24', ['I5021'], home),
    );
    const r = readmissionWithin30Days(p, AS_OF, CONFIG_2026);
    expect(r.met).toBe(true);
    expect(r.evidence.readmissions[0]).toMatchObject({
      daysAfterDischarge: 15,
      index: { dischargeDate: '2026-03-05' },
    });
    const previousOnly = configWith2026(
      (c) => (c.readmission.indexDischarges = 'previous-episode'),
    );
    expect(readmissionWithin30Days(p, AS_OF, previousOnly).met).toBe(false);
    // Day 30 from the older discharge counts, day 31 does not.
    const at = (admission: string) =>
      readmissionWithin30Days(
        profileOf(
          adtDischarge('2026-03-01', '2026-03-05', ['I5023'], home),
          adtDischarge('2026-03-10', '2026-03-12', ['S72001A'], home),
          adtDischarge(admission, '2026-04-09', ['I5021'], home),
        ),
        AS_OF,
        CONFIG_2026,
      ).met;
    expect(at('2026-04-04')).toBe(true);
    expect(at('2026-04-05')).toBe(false);
  });

  it('similar by AHRQ CCSR: heart failure I50.23 then hypertensive heart disease with heart failure I11.0; pneumonia J18.9 then influenza with pneumonia J10.08', () => {
    const hf = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['I5023'], home),
      adtDischarge('2026-03-20', '2026-03-22', ['I110'], home),
    );
    expect(
      readmissionWithin30Days(hf, AS_OF, CONFIG_2026).evidence.readmissions[0]?.similarity,
    ).toMatchObject({
      rule: 'clinical-group',
      key: 'heart-failure',
    });
    const pneumonia = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['J189'], home),
      adtDischarge('2026-03-20', '2026-03-22', ['J1008'], home),
    );
    expect(
      readmissionWithin30Days(pneumonia, AS_OF, CONFIG_2026).evidence.readmissions[0]?.similarity
        .key,
    ).toBe('pneumonia');
    // Different CCSR categories are not similar: heart failure then a UTI.
    const other = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['I5023'], home),
      adtDischarge('2026-03-20', '2026-03-22', ['N390'], home),
    );
    const r = readmissionWithin30Days(other, AS_OF, CONFIG_2026);
    expect(r.met).toBe(false);
    expect(r.evidence.readmissionsWithOtherDiagnosis).toBe(1);
  });

  it('leaves out always-planned readmissions (CMS): maintenance chemotherapy, rehabilitation, transplant', () => {
    const chemo = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['Z5111', 'C3490'], home),
      adtDischarge('2026-03-20', '2026-03-22', ['Z5111', 'C3490'], home),
    );
    const r = readmissionWithin30Days(chemo, AS_OF, CONFIG_2026);
    expect(r.met).toBe(false);
    expect(r.evidence.plannedReadmissions).toBe(1);
    expect(
      readmissionWithin30Days(
        chemo,
        AS_OF,
        configWith2026((c) => (c.readmission.excludePlanned = false)),
      ).met,
    ).toBe(true);
    const transplant = profileOf(
      inpatientClaim('2026-03-01', '2026-03-05', ['N186'], { facilityNpi: FACILITY_A }),
      inpatientClaim('2026-03-20', '2026-03-28', ['N186'], { icd10PcsCodes: ['0TY00Z0'] }),
    );
    expect(
      readmissionWithin30Days(transplant, AS_OF, CONFIG_2026).evidence.plannedReadmissions,
    ).toBe(1);
  });
});
