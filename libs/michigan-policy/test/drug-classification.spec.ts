import { categoryFromHint, classifyDrug } from '../src';
import { CLASSIFICATION_CASES } from './fixtures/classification-cases';

describe('classifyDrug', () => {
  it.each(
    CLASSIFICATION_CASES.map(
      (c) =>
        [
          `${c.drug.codeSystem} ${c.drug.code}${c.drug.categoryHint ? ` hint "${c.drug.categoryHint}"` : ''} -> ${c.category ?? 'unclassified'} by ${c.method}`,
          c,
        ] as const,
    ),
  )('%s', (_name, c) => {
    const result = classifyDrug(c.drug);
    expect(result.category).toBe(c.category);
    expect(result.method).toBe(c.method);
    expect(result.matchedBy).toBe(c.matchedBy);
    expect(result.explanation.length).toBeGreaterThan(20);
    expect(result.source.length).toBeGreaterThan(0);
  });

  it('explains a hint it did not use', () => {
    expect(
      classifyDrug({ code: 'Q2041', codeSystem: 'HCPCS', categoryHint: 'other' }).explanation,
    ).toContain('was not used: the code list decides');
  });

  it('cites CMS HCPCS Level II for the chemotherapy range', () => {
    expect(classifyDrug({ code: 'J9271', codeSystem: 'HCPCS' }).source).toContain(
      'J9000–J9999 is the chemotherapy drugs section',
    );
  });

  it.each([
    ['Oncology', 'medical-oncology'],
    ['  CAR T  ', 'car-t'],
    ['colony stimulating factor', 'supportive-care'],
    ['unheard-of', null],
    [null, null],
  ])('reads the category hint %p as %p', (hint, expected) => {
    expect(categoryFromHint(hint)).toBe(expected);
  });
});

describe('classifyDrug: the category hint', () => {
  const noReference = { code: 'J1999', codeSystem: 'HCPCS', categoryHint: 'other' } as const;
  const rituximab = { code: 'J9312', codeSystem: 'HCPCS', categoryHint: 'other' } as const;

  it('does not classify a code the reference lacks, and says what is missing', () => {
    const result = classifyDrug(noReference);
    expect(result.category).toBeNull();
    expect(result.explanation).toContain('category hint "other" was not used');
    expect(result.explanation).toContain("Missing: the code's row in a newer drug class reference");
  });

  it('does not stand in for the diagnoses of a dual-use drug', () => {
    const result = classifyDrug(rituximab, { diagnosisCodes: [] });
    expect(result.category).toBeNull();
    expect(result.explanation).toContain("Missing: the request's ICD-10-CM diagnosis codes");
  });

  it('with diagnoses, the diagnoses decide the dual-use drug whatever the hint', () => {
    expect(classifyDrug(rituximab, { diagnosisCodes: ['C83.30'] }).category).toBe(
      'medical-oncology',
    );
    expect(classifyDrug(rituximab, { diagnosisCodes: ['M05.79'] }).category).toBe('other');
  });

  it('classifies with a caveat when the policy trusts hints', () => {
    for (const drug of [noReference, rituximab]) {
      const result = classifyDrug(drug, { trustCategoryHint: true });
      expect(result).toMatchObject({ category: 'other', method: 'category-hint' });
      expect(result.explanation).toContain("Caveat: the request's category hint");
    }
  });

  it('a trusted hint still cannot give a dual-use drug a class outside its two', () => {
    const result = classifyDrug(
      { code: 'J3489', codeSystem: 'HCPCS', categoryHint: 'car-t' },
      { trustCategoryHint: true },
    );
    expect(result.category).toBeNull();
    expect(result.explanation).toContain('names no usable class');
  });
});
