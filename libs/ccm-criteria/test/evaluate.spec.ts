import {
  addDays,
  applyClinicalEvent,
  CRITERION_IDS,
  emptyClinicalProfile,
  evaluateCcmCriteria,
  type ClinicalEvent,
  type ClinicalProfile,
} from '../src';
import {
  AS_OF,
  CONFIG,
  FACILITY_A,
  MEMBER,
  adtDischarge,
  fills,
  inpatientClaim,
  pharmacyFill,
  professionalClaim,
  profileOf,
} from './fixtures';

describe('evaluateCcmCriteria', () => {
  it('an empty profile meets nothing, with evidence for every criterion and the policy version', () => {
    const e = evaluateCcmCriteria(emptyClinicalProfile(MEMBER), AS_OF, 'ccm-criteria-2025.1');
    expect(e).toMatchObject({
      asOf: AS_OF,
      criteriaMet: [],
      eligible: false,
      policyVersion: 'ccm-criteria-2025.1',
    });
    expect(Object.keys(e.evidence)).toEqual([...CRITERION_IDS]);
    for (const id of CRITERION_IDS)
      expect(e.evidence[id]).toMatchObject({ criterionId: id, met: false, rule: null });
  });

  it('lists every criterion met, in contract order, and is eligible', () => {
    const p = profileOf(
      professionalClaim('2025-01-05', ['E119', 'I10', 'J449', 'G20', 'Z940']),
      adtDischarge('2025-01-10', '2025-01-14', ['J441']),
      adtDischarge('2025-02-01', '2025-02-04', ['J440']),
      inpatientClaim('2025-03-01', '2025-03-09', ['S065X0A']),
      ...fills('2025-04-01', 31),
    );
    const e = evaluateCcmCriteria(p, AS_OF, CONFIG);
    expect(e.criteriaMet).toEqual([
      'major-organ-transplant',
      'major-trauma',
      'four-or-more-chronic-conditions',
      'three-or-more-admissions-12-months',
      'readmission-30-days-same-condition',
      'polypharmacy-over-30-per-quarter',
    ]);
    expect(e.eligible).toBe(true);
    expect(
      e.evidence['readmission-30-days-same-condition'].readmissions[0]?.daysAfterDischarge,
    ).toBe(18);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('rejects a malformed asOf and an unknown version', () => {
    const p = emptyClinicalProfile(MEMBER);
    expect(() => evaluateCcmCriteria(p, '2025-6-1', CONFIG)).toThrow(RangeError);
    expect(() => evaluateCcmCriteria(p, AS_OF, 'ccm-criteria-1999.1')).toThrow(RangeError);
  });

  it('evaluates many typical profiles the same way (the monthly review path)', () => {
    const profiles: ClinicalProfile[] = [];
    for (let m = 0; m < 2_000; m++) {
      const events: ClinicalEvent[] = [];
      for (let i = 0; i < 20; i++) {
        const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((m % 27) + 1).padStart(2, '0')}`;
        events.push(
          professionalClaim(day, ['E119', 'I10', 'Z5111', 'C3490'], {
            procedureCodes: ['99214', 'J9045'],
          }),
        );
        events.push(pharmacyFill(day));
      }
      events.push(
        adtDischarge('2025-01-10', '2025-01-14', ['J441']),
        inpatientClaim('2025-01-10', '2025-01-14', ['J441'], { drg: '190' }),
      );
      profiles.push(events.reduce(applyClinicalEvent, emptyClinicalProfile(MEMBER)));
    }
    // ~140 records each; their speed is measured by `npm run bench`, not asserted here.
    const results = profiles.map((p) => evaluateCcmCriteria(p, AS_OF, CONFIG));
    const first = results[0]!;
    expect(first.policyVersion).toBe(CONFIG.version);
    for (const result of results) {
      expect(result.criteriaMet).toEqual(first.criteriaMet);
      expect(result.eligible).toBe(first.eligible);
    }
  });

  it('evaluates a very large profile (20,000 diagnoses, 1,000 stays, 5,000 fills)', () => {
    const p = emptyClinicalProfile(MEMBER);
    const codes = ['E119', 'I10', 'J449', 'C3490', 'Z940', 'S065X0A', 'I5023', 'M0579'];
    for (let i = 0; i < 20_000; i++) {
      const date = addDays('2023-07-01', i % 700);
      p.diagnoses.push({
        code: codes[i % codes.length]!,
        date,
        position: i % 3,
        source: { kind: 'medical-claim', id: `C${i % 7000}` },
      });
      if (i % 4 === 0)
        p.procedures.push({
          system: 'CPT-HCPCS',
          code: i % 8 === 0 ? 'J9045' : '77412',
          date,
          source: { kind: 'medical-claim', id: `C${i % 7000}` },
        });
    }
    for (let i = 0; i < 1_000; i++) {
      const admissionDate = addDays('2022-01-01', i * 3);
      const stay = {
        facilityNpi: FACILITY_A,
        admissionDate,
        dischargeDate: addDays(admissionDate, 1),
        principalDiagnosis: 'J441',
        diagnosisCodes: ['J441'],
        dischargeDisposition: null,
      };
      p.inpatientStays.push(
        { ...stay, source: { kind: 'adt-discharge', id: `E${i}` } },
        { ...stay, source: { kind: 'medical-claim', id: `S${i}` } },
      );
    }
    for (let i = 0; i < 5_000; i++) {
      p.pharmacyFills.push({
        claimId: `R${i}`,
        fillDate: addDays('2024-10-01', i % 250),
        ndc: '1',
        status: i % 10 === 0 ? 'reversed' : 'paid',
        drugName: null,
        daysSupply: 30,
      });
    }
    const e = evaluateCcmCriteria(p, AS_OF, CONFIG);
    expect(e.criteriaMet.length).toBeGreaterThan(4);
    expect(
      e.evidence['four-or-more-chronic-conditions'].conditions[0]?.sources.length,
    ).toBeLessThanOrEqual(10);
  });
});
