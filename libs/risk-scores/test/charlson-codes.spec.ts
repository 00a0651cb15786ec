import {
  CHARLSON_CONDITION_IDS,
  QUAN_2005_ICD10_CHARLSON,
  charlsonConditionsOfCode,
  expandSpec,
} from '../src';

// Every code of Quan et al. 2005, Table 1 (enhanced ICD-10, Charlson), read back through the
// matcher: each expanded prefix, and a longer ICD-10-CM code under it, finds its condition only.
describe('Quan 2005 ICD-10 Charlson codes', () => {
  it('has the 17 Charlson conditions in the order of Table 1', () => {
    expect(QUAN_2005_ICD10_CHARLSON.map((c) => c.id)).toEqual([...CHARLSON_CONDITION_IDS]);
  });

  const cases = QUAN_2005_ICD10_CHARLSON.flatMap((c) =>
    c.icd10.flatMap((spec) => expandSpec(spec).map((prefix) => [c.id, spec, prefix] as const)),
  );

  it.each(cases)('%s: %s covers %s and its ICD-10-CM children', (id, spec, prefix) => {
    expect(charlsonConditionsOfCode(prefix)).toEqual([{ condition: id, spec }]);
    expect(charlsonConditionsOfCode(`${prefix}9`)).toEqual([{ condition: id, spec }]);
  });

  it('expands runs digit by digit, as the paper writes them', () => {
    expect(expandSpec('I42.5-I42.9')).toEqual(['I425', 'I426', 'I427', 'I428', 'I429']);
    expect(expandSpec('F00-F03')).toEqual(['F00', 'F01', 'F02', 'F03']);
    expect(expandSpec('C77-C80')).toEqual(['C77', 'C78', 'C79', 'C80']);
    expect(expandSpec('Z49.0-Z49.2')).toEqual(['Z490', 'Z491', 'Z492']);
    expect(expandSpec('K25-K28')).toHaveLength(4);
    expect(expandSpec('C00-C26')).toHaveLength(27);
  });

  it('rejects specs that are not the table notation', () => {
    expect(() => expandSpec('I42.9-I42.5')).toThrow(/backwards/);
    expect(() => expandSpec('C00-D09')).toThrow(/one letter/);
    expect(() => expandSpec('I4')).toThrow(/malformed/);
    expect(() => expandSpec('C4A')).toThrow(/malformed/);
  });

  it.each([
    ['C44.91', 'malignant neoplasm of skin is excluded'],
    ['C4A.9', 'Merkel cell carcinoma (ICD-10-CM only) is not in the paper'],
    ['C7A.00', 'malignant neuroendocrine tumour (ICD-10-CM only) is not in the paper'],
    ['C7B.00', 'secondary neuroendocrine tumour (ICD-10-CM only) is not in the paper'],
    ['I10', 'essential hypertension'],
    ['I25.10', 'atherosclerotic heart disease without infarction'],
    ['I42.1', 'obstructive hypertrophic cardiomyopathy (only I42.0 and I42.5-I42.9)'],
    ['I12.9', 'hypertensive CKD stage 1-4 (only I12.0, stage 5 or ESRD)'],
    ['F04', 'amnestic disorder'],
    ['B23', 'not in the paper (B20-B22, B24)'],
    ['K29.70', 'gastritis'],
  ])('%s matches no condition (%s)', (code, _why) => {
    expect(charlsonConditionsOfCode(code.replace('.', ''))).toEqual([]);
  });

  it.each([
    ['I5032', 'congestive-heart-failure'],
    ['I130', 'congestive-heart-failure'],
    ['I131', 'renal-disease'],
    ['N186', 'renal-disease'],
    ['Z992', 'renal-disease'],
    ['E1165', 'diabetes-without-chronic-complication'],
    ['E1122', 'diabetes-with-chronic-complication'],
    ['E1010', 'diabetes-without-chronic-complication'],
    ['K7030', 'mild-liver-disease'],
    ['K7040', 'moderate-or-severe-liver-disease'],
    ['K766', 'moderate-or-severe-liver-disease'],
    ['C787', 'metastatic-solid-tumor'],
    ['C3490', 'any-malignancy'],
    ['C9100', 'any-malignancy'],
    ['G309', 'dementia'],
    ['J449', 'chronic-pulmonary-disease'],
    ['I639', 'cerebrovascular-disease'],
    ['I2510', undefined],
    ['I252', 'myocardial-infarction'],
    ['B20', 'aids-hiv'],
    ['G8220', 'hemiplegia-or-paraplegia'],
    ['M0579', 'rheumatic-disease'],
    ['K2570', 'peptic-ulcer-disease'],
    ['I7025', 'peripheral-vascular-disease'],
  ])('ICD-10-CM %s is %s', (code, condition) => {
    expect(charlsonConditionsOfCode(code).map((m) => m.condition)).toEqual(
      condition ? [condition] : [],
    );
  });
});
