import { cancerMultipleModalities } from '../src';
import {
  AS_OF,
  CONFIG,
  configWith,
  inpatientClaim,
  professionalClaim,
  profileOf,
} from './fixtures';

describe('cancer-multiple-modalities', () => {
  it('is met by breast cancer with surgery and radiation, with evidence per modality', () => {
    const p = profileOf(
      professionalClaim('2025-01-20', ['C50911'], { procedureCodes: ['19301'] }), // partial mastectomy
      professionalClaim('2025-03-03', ['C50911'], { procedureCodes: ['77412'] }), // radiation delivery
    );
    const r = cancerMultipleModalities(p, AS_OF, CONFIG);
    expect(r.met).toBe(true);
    expect(r.evidence).toMatchObject({ rule: 'cancer-with-multiple-modalities', threshold: 2 });
    expect(r.evidence.diagnoses.map((d) => d.code)).toEqual(['C50911']);
    expect(r.evidence.modalities.map((m) => m.modality)).toEqual(['surgery', 'radiation']);
    expect(r.evidence.modalities[0]?.findings[0]).toMatchObject({
      code: '19301',
      matchedSpec: '10004-69990',
      basis: 'cancer-principal-diagnosis',
      date: '2025-01-20',
    });
    expect(r.evidence.modalities[1]?.findings[0]).toMatchObject({
      code: '77412',
      matchedSpec: '77261-77799',
    });
  });

  it('is not met by one modality, however many services', () => {
    const p = profileOf(
      professionalClaim('2025-01-20', ['Z5111', 'C3490'], { procedureCodes: ['J9045', '96413'] }),
      professionalClaim('2025-02-20', ['Z5111', 'C3490'], { procedureCodes: ['J9045', '96413'] }),
    );
    const r = cancerMultipleModalities(p, AS_OF, CONFIG);
    expect(r.met).toBe(false);
    expect(r.evidence.modalities).toEqual([
      expect.objectContaining({ modality: 'chemotherapy-immunotherapy', count: 6 }),
    ]);
  });

  it('does not count a J9 drug given for rheumatoid arthritis or a biopsy as cancer treatment', () => {
    const p = profileOf(
      professionalClaim('2025-01-10', ['C50911'], { procedureCodes: ['19083'] }), // breast biopsy with imaging
      professionalClaim('2025-02-10', ['M0579', 'C50911'], { procedureCodes: ['J9312', '96413'] }), // rituximab for RA
    );
    const r = cancerMultipleModalities(p, AS_OF, CONFIG);
    expect(r.met).toBe(false);
    expect(r.evidence.modalities).toEqual([]);
    // With `any`, the drug claim counts because a cancer code is on it.
    const any = cancerMultipleModalities(
      p,
      AS_OF,
      configWith((c) => (c.cancer.modalityRecordDiagnosis = 'any')),
    );
    expect(any.evidence.modalities.map((m) => m.modality)).toEqual(['chemotherapy-immunotherapy']);
  });

  it('is met by chemotherapy and CAR-T for lymphoma (inherently oncologic codes)', () => {
    const p = profileOf(
      professionalClaim('2025-01-10', ['Z5111', 'C8338']),
      inpatientClaim('2025-04-01', '2025-04-12', ['C8338'], {
        procedureCodes: ['Q2041'],
        icd10PcsCodes: ['XW033C3'],
        drg: '018',
      }),
    );
    const r = cancerMultipleModalities(p, AS_OF, CONFIG);
    expect(r.met).toBe(true);
    expect(r.evidence.modalities.map((m) => m.modality)).toEqual([
      'chemotherapy-immunotherapy',
      'car-t',
    ]);
    expect(r.evidence.modalities[1]?.findings.map((f) => f.code).sort()).toEqual([
      '018',
      'Q2041',
      'XW033C3',
    ]);
  });

  it('counts a stem cell transplant and inpatient radiation (ICD-10-PCS section D) for myeloma', () => {
    const p = profileOf(
      inpatientClaim('2025-02-01', '2025-02-20', ['C9000'], { icd10PcsCodes: ['30233Y0'] }),
      inpatientClaim('2025-04-01', '2025-04-03', ['C9000'], { icd10PcsCodes: ['DP0C0ZZ'] }),
    );
    expect(
      cancerMultipleModalities(p, AS_OF, CONFIG).evidence.modalities.map((m) => m.modality),
    ).toEqual(['radiation', 'transplant']);
  });

  it('needs a cancer diagnosis: excludes C44 skin cancer and, by default, carcinoma in situ', () => {
    const skin = profileOf(
      professionalClaim('2025-01-10', ['C44311'], { procedureCodes: ['17311', '77401'] }),
    );
    expect(cancerMultipleModalities(skin, AS_OF, CONFIG).evidence.diagnoses).toEqual([]);
    const dcis = profileOf(
      professionalClaim('2025-01-20', ['D0511'], { procedureCodes: ['19301'] }),
      professionalClaim('2025-03-03', ['D0511'], { procedureCodes: ['77412'] }),
    );
    expect(cancerMultipleModalities(dcis, AS_OF, CONFIG).met).toBe(false);
    expect(
      cancerMultipleModalities(
        dcis,
        AS_OF,
        configWith((c) => (c.cancer.includeInSitu = true)),
      ).met,
    ).toBe(true);
  });

  it('only counts treatment within the 12-month look-back', () => {
    const p = profileOf(
      professionalClaim('2024-06-14', ['C50911'], { procedureCodes: ['19301'] }),
      professionalClaim('2025-03-03', ['C50911'], { procedureCodes: ['77412'] }),
    );
    expect(cancerMultipleModalities(p, AS_OF, CONFIG).met).toBe(false);
  });
});
