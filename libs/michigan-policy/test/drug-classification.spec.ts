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
