import { addDays, addMonths, majorOrganTransplant } from '../src';
import {
  AS_OF,
  CONFIG,
  configWith,
  inpatientClaim,
  professionalClaim,
  profileOf,
} from './fixtures';

describe('major-organ-transplant', () => {
  it('is met by a kidney transplant ICD-10-PCS code, with organ, code, spec and claim', () => {
    const claim = inpatientClaim('2025-02-01', '2025-02-08', ['N186'], {
      icd10PcsCodes: ['0TY10Z0'],
      drg: '652',
    });
    const r = majorOrganTransplant(profileOf(claim), AS_OF, CONFIG);
    expect(r.met).toBe(true);
    expect(r.evidence).toMatchObject({ rule: 'transplant-procedure', organs: ['kidney'] });
    expect(r.evidence.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          system: 'ICD-10-PCS',
          code: '0TY10Z0',
          matchedSpec: '0TY10Z',
          organ: 'kidney',
          date: '2025-02-01',
        }),
        expect.objectContaining({ system: 'MS-DRG', code: '652', organ: 'kidney' }),
      ]),
    );
    expect(r.evidence.findings[0]?.source).toEqual({
      kind: 'medical-claim',
      id: claim.kind === 'medical-claim' ? claim.data.claimId : '',
    });
  });

  it.each([
    ['heart', { icd10PcsCodes: ['02YA0Z0'] }],
    ['lung', { icd10PcsCodes: ['0BYM0Z0'] }],
    ['liver', { procedureCodes: ['47135'] }],
    ['pancreas', { drg: '010' }],
    ['intestine', { icd10PcsCodes: ['0DY80Z0'] }],
    ['hematopoietic-stem-cell', { icd10PcsCodes: ['30243Y3'] }],
  ])('recognizes a %s transplant', (organ, extra) => {
    const r = majorOrganTransplant(
      profileOf(inpatientClaim('2025-02-01', '2025-02-08', ['Z006'], extra)),
      AS_OF,
      CONFIG,
    );
    expect(r.evidence.organs).toEqual([organ]);
  });

  it('is met by a transplant status code in the look-back (transplant done earlier)', () => {
    const r = majorOrganTransplant(
      profileOf(professionalClaim('2025-05-01', ['Z940', 'I10'])),
      AS_OF,
      CONFIG,
    );
    expect(r.met).toBe(true);
    expect(r.evidence).toMatchObject({ rule: 'transplant-status-diagnosis', organs: ['kidney'] });
    const off = configWith((c) => (c.majorOrganTransplant.countStatusDiagnoses = false));
    expect(
      majorOrganTransplant(profileOf(professionalClaim('2025-05-01', ['Z940'])), AS_OF, off).met,
    ).toBe(false);
  });

  it('is not met by a cornea or skin transplant status, an LVAD-free cardiac claim, or nothing', () => {
    const p = profileOf(
      professionalClaim('2025-05-01', ['Z947', 'Z945', 'I5023'], { procedureCodes: ['33533'] }),
    );
    const r = majorOrganTransplant(p, AS_OF, CONFIG);
    expect(r.met).toBe(false);
    expect(r.evidence.rule).toBeNull();
    expect(r.evidence.findings).toEqual([]);
  });

  it('respects the 24-month look-back', () => {
    const at = addMonths(AS_OF, -24);
    expect(
      majorOrganTransplant(
        profileOf(inpatientClaim(at, at, ['N186'], { procedureCodes: ['50360'] })),
        AS_OF,
        CONFIG,
      ).met,
    ).toBe(true);
    const before = addDays(at, -1);
    expect(
      majorOrganTransplant(
        profileOf(inpatientClaim(before, at, ['N186'], { procedureCodes: ['50360'] })),
        AS_OF,
        CONFIG,
      ).met,
    ).toBe(false);
  });

  it('counts Z76.82 awaiting transplant only when the version enables it', () => {
    const p = profileOf(professionalClaim('2025-05-01', ['Z7682', 'K7469']));
    expect(majorOrganTransplant(p, AS_OF, CONFIG).met).toBe(false);
    const on = configWith((c) => (c.majorOrganTransplant.countAwaitingTransplant = true));
    expect(majorOrganTransplant(p, AS_OF, on).evidence.rule).toBe('awaiting-transplant');
  });
});
