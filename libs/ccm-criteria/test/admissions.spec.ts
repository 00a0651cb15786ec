import { addDays, addMonths, threeOrMoreAdmissions } from '../src';
import {
  AS_OF,
  CONFIG,
  FACILITY_A,
  FACILITY_B,
  adtDischarge,
  inpatientClaim,
  profileOf,
} from './fixtures';

describe('three-or-more-admissions-12-months', () => {
  const twoStays = [
    adtDischarge('2025-01-03', '2025-01-07', ['J441']),
    adtDischarge('2025-03-03', '2025-03-06', ['J441']),
  ];

  it('is not met by 2 admissions and is met by 3', () => {
    expect(threeOrMoreAdmissions(profileOf(...twoStays), AS_OF, CONFIG).met).toBe(false);
    const r = threeOrMoreAdmissions(
      profileOf(...twoStays, adtDischarge('2025-05-01', '2025-05-02', ['N179'])),
      AS_OF,
      CONFIG,
    );
    expect(r.met).toBe(true);
    expect(r.evidence).toMatchObject({ rule: 'admissions-in-12-months', count: 3, threshold: 3 });
    expect(r.evidence.admissions.map((a) => a.admissionDate)).toEqual([
      '2025-01-03',
      '2025-03-03',
      '2025-05-01',
    ]);
  });

  it('counts a stay reported by ADT and later by the inpatient claim once, dated by the claim', () => {
    const p = profileOf(
      ...twoStays,
      adtDischarge('2025-05-01', '2025-05-04', ['R0602'], { facilityNpi: FACILITY_A }),
      inpatientClaim('2025-05-01', '2025-05-05', ['J441'], { facilityNpi: FACILITY_A }),
    );
    const r = threeOrMoreAdmissions(p, AS_OF, CONFIG);
    expect(r.evidence.count).toBe(3);
    const stay = r.evidence.admissions[2]?.stays[0];
    expect(stay?.reportedBy.map((s) => s.kind).sort()).toEqual(['adt-discharge', 'medical-claim']);
    expect(stay).toMatchObject({ dischargeDate: '2025-05-05', principalDiagnosis: 'J441' });
    expect(r.evidence.admissions[2]?.transfer).toBe(false);
  });

  it('matches ADT and claim on overlapping dates when the admission dates differ', () => {
    const p = profileOf(
      adtDischarge('2025-05-01', '2025-05-04', ['J441']),
      inpatientClaim('2025-05-02', '2025-05-04', ['J441'], { facilityNpi: null }),
    );
    expect(threeOrMoreAdmissions(p, AS_OF, CONFIG).evidence.count).toBe(1);
  });

  it('counts a transfer to another hospital (next admission on the discharge day or the day after) as one admission', () => {
    for (const gap of [0, 1]) {
      const p = profileOf(
        ...twoStays,
        adtDischarge('2025-05-01', '2025-05-04', ['I214'], { facilityNpi: FACILITY_A }),
        adtDischarge(addDays('2025-05-04', gap), '2025-05-10', ['I214'], {
          facilityNpi: FACILITY_B,
        }),
      );
      const r = threeOrMoreAdmissions(p, AS_OF, CONFIG);
      expect(r.evidence.count).toBe(3);
      expect(r.evidence.admissions[2]).toMatchObject({
        admissionDate: '2025-05-01',
        dischargeDate: '2025-05-10',
        transfer: true,
      });
    }
    // Two days later is a new admission.
    const p = profileOf(
      adtDischarge('2025-05-01', '2025-05-04', ['I214'], { facilityNpi: FACILITY_A }),
      adtDischarge('2025-05-06', '2025-05-10', ['I214'], { facilityNpi: FACILITY_B }),
    );
    expect(threeOrMoreAdmissions(p, AS_OF, CONFIG).evidence.count).toBe(2);
  });

  it('counts an admission exactly 12 months before asOf, not one a day earlier or 13 months back', () => {
    const twelve = addMonths(AS_OF, -12);
    expect(twelve).toBe('2024-06-15');
    const at = threeOrMoreAdmissions(
      profileOf(...twoStays, adtDischarge(twelve, '2024-06-18', ['J441'])),
      AS_OF,
      CONFIG,
    );
    expect(at.met).toBe(true);
    expect(at.evidence.window).toEqual({ from: '2024-06-15', to: AS_OF });
    const dayBefore = adtDischarge(addDays(twelve, -1), '2024-06-18', ['J441']);
    expect(threeOrMoreAdmissions(profileOf(...twoStays, dayBefore), AS_OF, CONFIG).met).toBe(false);
    const thirteen = adtDischarge(addMonths(AS_OF, -13), addDays(addMonths(AS_OF, -13), 3), [
      'J441',
    ]);
    expect(threeOrMoreAdmissions(profileOf(...twoStays, thirteen), AS_OF, CONFIG).met).toBe(false);
    const afterAsOf = adtDischarge(addDays(AS_OF, 1), addDays(AS_OF, 3), ['J441']);
    expect(threeOrMoreAdmissions(profileOf(...twoStays, afterAsOf), AS_OF, CONFIG).met).toBe(false);
  });

  it('does not count a denied inpatient claim or outpatient claims', () => {
    const p = profileOf(
      ...twoStays,
      inpatientClaim('2025-05-01', '2025-05-03', ['J441'], { status: 'denied' }),
      inpatientClaim('2025-05-20', '2025-05-20', ['J441'], {
        claimType: 'institutional-outpatient',
      }),
    );
    expect(threeOrMoreAdmissions(p, AS_OF, CONFIG).evidence.count).toBe(2);
  });
});

describe('a submitted 837I claim and the ADT discharge of the same stay', () => {
  const submitted = (extra: Parameters<typeof inpatientClaim>[3] = {}) =>
    inpatientClaim('2025-05-01', '2025-05-05', ['I5023', 'E119'], {
      claimId: '1111111111-DGH-V2027-00017',
      facilityNpi: FACILITY_A,
      claimStage: 'submitted',
      claimFrequency: 'original',
      dischargeStatus: '01',
      ...extra,
    });

  it('are one admission, whichever arrives first, with the claim’s discharge status', () => {
    const adt = adtDischarge('2025-05-01', '2025-05-05', ['I5023'], {
      facilityNpi: FACILITY_A,
      dischargeDisposition: null,
    });
    for (const events of [
      [adt, submitted()],
      [submitted(), adt],
    ]) {
      const r = threeOrMoreAdmissions(profileOf(...events), AS_OF, CONFIG);
      expect(r.evidence.count).toBe(1);
      const stay = r.evidence.admissions[0]?.stays[0];
      expect(stay?.reportedBy.map((s) => s.kind).sort()).toEqual([
        'adt-discharge',
        'medical-claim',
      ]);
      expect(stay?.dischargeDisposition).toBe('01');
    }
  });

  it('a replacement (same claimId) stays one admission; a void leaves the ADT stay alone', () => {
    const adt = adtDischarge('2025-05-01', '2025-05-05', ['I5023'], { facilityNpi: FACILITY_A });
    const replaced = profileOf(
      adt,
      submitted(),
      submitted({
        claimFrequency: 'replacement',
        dischargeDate: '2025-05-06',
        serviceTo: '2025-05-06',
      }),
    );
    expect(replaced.inpatientStays).toHaveLength(2);
    const r = threeOrMoreAdmissions(replaced, AS_OF, CONFIG);
    expect(r.evidence.count).toBe(1);
    expect(r.evidence.admissions[0]?.dischargeDate).toBe('2025-05-06');
    const voided = profileOf(
      adt,
      submitted(),
      submitted({ claimFrequency: 'void', status: 'reversed' }),
    );
    expect(voided.inpatientStays.map((s) => s.source.kind)).toEqual(['adt-discharge']);
    expect(threeOrMoreAdmissions(voided, AS_OF, CONFIG).evidence.count).toBe(1);
  });
});
