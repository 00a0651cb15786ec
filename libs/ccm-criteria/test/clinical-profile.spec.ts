import {
  applyClinicalEvent,
  applyMedicalClaim,
  applyPharmacyClaim,
  emptyClinicalProfile,
  evaluateCcmCriteria,
  profileRetentionStart,
  ProfileMemberMismatchError,
  pruneClinicalProfile,
  type MedicalClaimData,
} from '../src';
import {
  AS_OF,
  CONFIG,
  MEMBER,
  adtDischarge,
  fills,
  inpatientClaim,
  pharmacyFill,
  professionalClaim,
  profileOf,
} from './fixtures';

describe('clinical profile', () => {
  it('folds a paid inpatient claim into diagnoses, procedures and a stay (normalized codes)', () => {
    const event = inpatientClaim('2025-03-01', '2025-03-05', ['i50.23', 'E11.9'], {
      procedureCodes: ['33945'],
      icd10PcsCodes: ['02YA0Z0'],
      drg: '2',
    });
    const p = profileOf(event);
    expect(p.diagnoses.map((d) => [d.code, d.position, d.date])).toEqual([
      ['I5023', 0, '2025-03-01'],
      ['E119', 1, '2025-03-01'],
    ]);
    expect(p.procedures.map((x) => [x.system, x.code])).toEqual([
      ['CPT-HCPCS', '33945'],
      ['ICD-10-PCS', '02YA0Z0'],
      ['MS-DRG', '002'],
    ]);
    expect(p.inpatientStays).toEqual([
      expect.objectContaining({
        admissionDate: '2025-03-01',
        dischargeDate: '2025-03-05',
        principalDiagnosis: 'I5023',
      }),
    ]);
  });

  it('replaces a claim re-adjudicated under the same claimId and removes it when denied or reversed', () => {
    const paid = inpatientClaim('2025-03-01', '2025-03-05', ['I5023']);
    if (paid.kind !== 'medical-claim') throw new Error('fixture');
    const claim: MedicalClaimData = paid.data;
    let p = applyMedicalClaim(emptyClinicalProfile(MEMBER), claim);
    p = applyMedicalClaim(p, { ...claim, diagnosisCodes: ['J441'] });
    expect(p.diagnoses.map((d) => d.code)).toEqual(['J441']);
    expect(p.inpatientStays).toHaveLength(1);
    const redelivered = applyMedicalClaim(p, { ...claim, diagnosisCodes: ['J441'] });
    expect(redelivered).toEqual(p);
    for (const status of ['denied', 'reversed'] as const) {
      const gone = applyMedicalClaim(p, { ...claim, status });
      expect(gone.diagnoses).toEqual([]);
      expect(gone.inpatientStays).toEqual([]);
      expect(gone.procedures).toEqual([]);
    }
  });

  it('takes a cancelled discharge (ADT A13) out of the stays; an admission or its cancellation adds nothing', () => {
    const kept = adtDischarge('2025-02-01', '2025-02-04', ['J18.9']);
    const cancelled = adtDischarge('2025-03-01', '2025-03-05', ['I50.23']);
    const encounterId = (e: typeof cancelled) =>
      e.kind === 'adt-discharge' ? e.data.encounterId : '';
    const change = (
      id: string,
      what: 'admitted' | 'admission-cancelled' | 'discharge-cancelled',
    ) => ({
      kind: 'adt-discharge-cancelled' as const,
      data: { encounterId: id, memberId: MEMBER, change: what, admissionDate: '2025-03-01' },
    });
    const before = profileOf(kept, cancelled);
    expect(before.inpatientStays).toHaveLength(2);
    const unchanged = profileOf(
      kept,
      cancelled,
      change(encounterId(cancelled), 'admitted'),
      change(encounterId(cancelled), 'admission-cancelled'),
    );
    expect(unchanged).toEqual(before);
    const after = applyClinicalEvent(before, change(encounterId(cancelled), 'discharge-cancelled'));
    expect(after.inpatientStays.map((s) => s.source.id)).toEqual([encounterId(kept)]);
    expect(after.diagnoses.map((d) => d.code)).toEqual(['J189']);
  });

  it('does not mutate the profile it is given', () => {
    const p = profileOf(professionalClaim('2025-01-01', ['E119']));
    const before = structuredClone(p);
    applyClinicalEvent(p, professionalClaim('2025-01-02', ['I10']));
    applyClinicalEvent(p, pharmacyFill('2025-01-02'));
    expect(p).toEqual(before);
  });

  it('nets a pharmacy reversal out of the paid fill with the same claimId', () => {
    const fill = pharmacyFill('2025-05-01');
    if (fill.kind !== 'pharmacy-claim') throw new Error('fixture');
    let p = applyPharmacyClaim(emptyClinicalProfile(MEMBER), fill.data);
    p = applyPharmacyClaim(p, { ...fill.data, status: 'reversed', fillDate: '2025-05-03' });
    expect(p.pharmacyFills).toEqual([
      expect.objectContaining({
        claimId: fill.data.claimId,
        status: 'reversed',
        fillDate: '2025-05-01',
      }),
    ]);
  });

  it('keeps labs, MTM reviews and encounters, idempotently by id', () => {
    const lab = {
      kind: 'lab-result' as const,
      data: {
        resultId: 'L1',
        memberId: MEMBER,
        loinc: '4548-4',
        value: 9.1,
        unit: '%',
        abnormalFlag: 'H',
        resultDate: '2025-05-01',
      },
    };
    const mtm = {
      kind: 'mtm-review' as const,
      data: {
        reviewId: 'R1',
        memberId: MEMBER,
        reviewDate: '2025-05-02',
        medicationCount: 14,
        problems: ['a', 'b'],
      },
    };
    const p = profileOf(lab, lab, mtm, mtm);
    expect(p.labs).toEqual([
      {
        resultId: 'L1',
        loinc: '4548-4',
        resultDate: '2025-05-01',
        value: 9.1,
        unit: '%',
        abnormalFlag: 'H',
      },
    ]);
    expect(p.mtmReviews).toEqual([
      { reviewId: 'R1', reviewDate: '2025-05-02', medicationCount: 14, problemCount: 2 },
    ]);
  });

  it('refuses an event of another member and a malformed date', () => {
    const other = professionalClaim('2025-01-01', ['E119']);
    if (other.kind !== 'medical-claim') throw new Error('fixture');
    expect(() => applyMedicalClaim(emptyClinicalProfile('someone-else'), other.data)).toThrow(
      ProfileMemberMismatchError,
    );
    expect(() =>
      applyMedicalClaim(emptyClinicalProfile(MEMBER), { ...other.data, serviceFrom: '2025-02-30' }),
    ).toThrow(RangeError);
  });

  it('pruning to the retention start changes no evaluation', () => {
    const p = profileOf(
      professionalClaim('2021-01-01', ['I10']),
      professionalClaim('2024-01-01', ['E119']),
      adtDischarge('2022-03-01', '2022-03-04', ['I5023']),
      adtDischarge('2024-06-20', '2024-06-25', ['I5023']),
      adtDischarge('2024-07-10', '2024-07-12', ['I5021']),
      ...fills('2023-01-01', 40),
      ...fills('2025-04-01', 31),
    );
    const keepFrom = profileRetentionStart(AS_OF, CONFIG);
    const pruned = pruneClinicalProfile(p, keepFrom);
    expect(pruned.diagnoses.length).toBeLessThan(p.diagnoses.length);
    expect(pruned.pharmacyFills).toHaveLength(31);
    expect(evaluateCcmCriteria(pruned, AS_OF, CONFIG)).toEqual(
      evaluateCcmCriteria(p, AS_OF, CONFIG),
    );
  });
});
