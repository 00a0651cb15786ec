import { codeSetsFor, fourOrMoreChronicConditions } from '../src';
import { AS_OF_2026 as AS_OF, CONFIG, CONFIG_2026, professionalClaim, profileOf } from './fixtures';

/**
 * Per condition, codes its reference (CCW algorithm, AHRQ CCSR category, ICD-10-CM Tabular List)
 * places in it, including the gaps of 2025.1 (secondary neuroendocrine tumors, pneumonia coded in
 * other chapters, …), and codes it leaves out.
 */
const REFERENCE: Record<string, { counted: string[]; notCounted: string[] }> = {
  diabetes: {
    counted: ['E119', 'E1065', 'E0800', 'E13319', 'O24011', 'O24319', 'E11A'],
    notCounted: ['O2441', 'R730', 'O2491'],
  },
  'renal-failure': {
    counted: ['N184', 'N185', 'N186', 'N19', 'I120', 'I1311', 'I132', 'Z992', 'Z4931', 'Z9115'],
    notCounted: ['N1830', 'N189', 'N179'],
  },
  hypertension: {
    counted: ['I10', 'I110', 'I129', 'I150', 'I160', 'I1A0', 'O1002', 'O111'],
    notCounted: ['O133', 'O141'],
  },
  copd: { counted: ['J449', 'J439', 'J42', 'J410', 'J479'], notCounted: ['J40', 'J209'] },
  pneumonia: {
    counted: [
      'J189',
      'J13',
      'J159',
      'J09X1',
      'J1000',
      'J1108',
      'J851',
      'J95851',
      'A481',
      'B012',
      'B250',
      'B59',
      'P239',
      'J1282',
    ],
    notCounted: ['J690', 'A150', 'J09X2'],
  },
  asthma: { counted: ['J45909', 'J4551', 'J8283'], notCounted: ['J8281'] },
  'respiratory-failure': {
    counted: ['J9600', 'J9611', 'J9621', 'J95821', 'R092', 'Z9911', 'Z9912'],
    notCounted: ['R0602'],
  },
  'pulmonary-hypertension': {
    counted: ['I270', 'I2720', 'I2723', 'I2783', 'P2930'],
    notCounted: ['I2781'],
  },
  'guillain-barre-syndrome': { counted: ['G610'], notCounted: ['G611'] },
  'congestive-heart-failure': {
    counted: ['I5023', 'I509', 'I110', 'I130', 'I132', 'I0981', 'I97130'],
    notCounted: ['I119'],
  },
  cardiomyopathy: {
    counted: ['I420', 'I429', 'I43', 'I255', 'O903', 'I5181'],
    notCounted: ['I401'],
  },
  'coronary-artery-disease': {
    counted: ['I2510', 'I209', 'I214', 'I222', 'I240', 'Z951', 'Z955', 'Z9861'],
    notCounted: ['I517'],
  },
  osteomyelitis: {
    counted: ['M8610', 'M86171', 'M8668', 'M4626', 'H05029', 'A0224', 'A5443'],
    notCounted: ['M8960'],
  },
  'rheumatoid-arthritis': { counted: ['M0579', 'M069', 'M0600'], notCounted: ['M1990', 'M0800'] },
  'systemic-lupus-erythematosus': { counted: ['M3210', 'M329'], notCounted: ['L930'] },
  'multiple-sclerosis': { counted: ['G35', 'G35A', 'G35D'], notCounted: ['G373'] },
  'parkinsons-disease': { counted: ['G20', 'G20A1', 'G20C'], notCounted: ['G210', 'G219'] },
  'chronic-liver-disease': {
    counted: ['K7030', 'K717', 'K7469', 'K7460', 'K754', 'K7581', 'K760', 'K7682', 'B182', 'I8500'],
    notCounted: ['K759', 'K7689', 'B179'],
  },
  'pressure-ulcers': { counted: ['L89154', 'L89893'], notCounted: ['L97909'] },
  hiv: { counted: ['B20', 'Z21', 'O98711'], notCounted: ['R75', 'Z206'] },
  'metastatic-cancer': {
    counted: ['C787', 'C7951', 'C770', 'C7B00', 'C7B02', 'C7B8', 'C800'],
    notCounted: ['C7A010', 'C349', 'C801'],
  },
};

describe('chronic conditions of code set 2026.1', () => {
  const codes = codeSetsFor(CONFIG_2026.codeSetVersion);

  it('has a reference table for every condition of the document', () => {
    expect(Object.keys(REFERENCE).sort()).toEqual(
      codes.bundle.chronicConditions.map((c) => c.id).sort(),
    );
    expect(codes.bundle.chronicConditions).toHaveLength(21);
  });

  for (const [id, { counted, notCounted }] of Object.entries(REFERENCE)) {
    it(`${id}: its reference codes are counted, codes outside it are not`, () => {
      for (const code of counted) {
        expect([code, codes.chronicConditions.match(code).map((m) => m.value.id)]).toEqual([
          code,
          expect.arrayContaining([id]),
        ]);
        const r = fourOrMoreChronicConditions(
          profileOf(professionalClaim('2026-02-01', [code])),
          AS_OF,
          CONFIG_2026,
        );
        expect(r.evidence.conditions.map((c) => c.conditionId)).toContain(id);
      }
      for (const code of notCounted) {
        expect([code, codes.chronicConditions.match(code).map((m) => m.value.id)]).toEqual([
          code,
          expect.not.arrayContaining([id]),
        ]);
      }
    });
  }

  it('closes the gaps of 2025.1 (secondary neuroendocrine tumors, influenza with pneumonia)', () => {
    const old = codeSetsFor(CONFIG.codeSetVersion);
    for (const code of ['C7B00', 'J1000', 'J09X1', 'J95851', 'J8283', 'I5181', 'Z9861']) {
      expect([code, old.chronicConditions.match(code)]).toEqual([code, []]);
      expect(codes.chronicConditions.match(code).length).toBeGreaterThan(0);
    }
  });

  it('every condition cites its published reference', () => {
    for (const c of codes.bundle.chronicConditions) {
      expect(c.sources.length).toBeGreaterThanOrEqual(2);
      expect(c.sources.some((s) => /CCW|CCSR|CCIR|ICD-10-CM/.test(s.reference))).toBe(true);
    }
  });
});
