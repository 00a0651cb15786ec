import {
  CHARLSON_CONDITION_IDS,
  QUAN_2005_ICD10_CHARLSON,
  QUAN_2011_MAX_SCORE,
  QUAN_2011_WEIGHTS,
  charlsonComorbidityIndex,
  expandSpec,
} from '../src';
import { AS_OF, claimDiagnoses as claim } from './fixtures';

const index = (...claims: ReturnType<typeof claim>[]) =>
  charlsonComorbidityIndex(claims.flat(), AS_OF, 12);

/** One ICD-10-CM code of each condition: the first prefix of its first spec. */
const codeOf = (id: string) => {
  const row = QUAN_2005_ICD10_CHARLSON.find((c) => c.id === id);
  return expandSpec(row?.icd10[0] ?? '')[0] ?? '';
};

describe('Charlson comorbidity index (Quan 2005 codes, Quan 2011 weights)', () => {
  it('uses the weights of Quan 2011, Table 3', () => {
    expect(QUAN_2011_WEIGHTS).toEqual({
      'myocardial-infarction': 0,
      'congestive-heart-failure': 2,
      'peripheral-vascular-disease': 0,
      'cerebrovascular-disease': 0,
      dementia: 2,
      'chronic-pulmonary-disease': 1,
      'rheumatic-disease': 1,
      'peptic-ulcer-disease': 0,
      'mild-liver-disease': 2,
      'diabetes-without-chronic-complication': 0,
      'diabetes-with-chronic-complication': 1,
      'hemiplegia-or-paraplegia': 2,
      'renal-disease': 1,
      'any-malignancy': 2,
      'moderate-or-severe-liver-disease': 4,
      'metastatic-solid-tumor': 6,
      'aids-hiv': 4,
    });
  });

  it('scores 0 without diagnoses', () => {
    const r = index();
    expect(r.score).toBe(0);
    expect(r.conditions).toEqual([]);
    expect(r.window).toEqual({ from: '2025-06-15', to: '2026-06-15' });
  });

  it.each(CHARLSON_CONDITION_IDS.map((id) => [id, QUAN_2011_WEIGHTS[id]] as const))(
    '%s alone scores its weight %i',
    (id, weight) => {
      const r = index(claim('2026-01-10', [codeOf(id)]));
      expect(r.score).toBe(weight);
      expect(r.conditions.map((c) => [c.id, c.points])).toEqual([[id, weight]]);
    },
  );

  it('reaches the published maximum of 24 with every condition, after the hierarchy', () => {
    const r = index(claim('2026-01-10', CHARLSON_CONDITION_IDS.map(codeOf)));
    expect(r.conditions).toHaveLength(17);
    expect(r.score).toBe(QUAN_2011_MAX_SCORE);
    const superseded = r.conditions
      .filter((c) => c.supersededBy)
      .map((c) => [c.id, c.supersededBy]);
    expect(superseded).toEqual([
      ['mild-liver-disease', 'moderate-or-severe-liver-disease'],
      ['diabetes-without-chronic-complication', 'diabetes-with-chronic-complication'],
      ['any-malignancy', 'metastatic-solid-tumor'],
    ]);
  });

  it.each([
    ['K70.30', 'K70.40', 4],
    ['E11.65', 'E11.22', 1],
    ['C34.90', 'C78.7', 6],
  ])('scores the severer form only: %s with %s is %i', (mild, severe, score) => {
    const r = index(claim('2026-02-01', [mild]), claim('2026-03-01', [severe]));
    expect(r.score).toBe(score);
    expect(r.conditions.find((c) => c.supersededBy)?.points).toBe(0);
  });

  it('counts a condition once however often it is coded', () => {
    const r = index(
      claim('2026-01-10', ['I50.9']),
      claim('2026-02-10', ['I50.32', 'I11.0']),
      claim('2026-03-10', ['I50.9']),
    );
    expect(r.score).toBe(2);
    const chf = r.conditions[0];
    expect(chf?.evidence.map((e) => [e.code, e.matched, e.date])).toEqual([
      ['I509', 'I50', '2026-03-10'],
      ['I110', 'I11.0', '2026-02-10'],
      ['I5032', 'I50', '2026-02-10'],
      ['I509', 'I50', '2026-01-10'],
    ]);
    expect(chf?.evidence[0]?.source.kind).toBe('medical-claim');
    expect(chf?.evidence[0]?.source.id).toMatch(/^CLM-/);
  });

  it('reads diagnoses dated inside [as-of − 12 months, as-of] only', () => {
    expect(index(claim('2025-06-15', ['N18.6'])).score).toBe(1);
    expect(index(claim('2025-06-14', ['N18.6'])).score).toBe(0);
    expect(index(claim('2026-06-16', ['N18.6'])).score).toBe(0);
    expect(charlsonComorbidityIndex(claim('2024-06-15', ['N18.6']), AS_OF, 24).score).toBe(1);
  });

  it('scores a typical complex member: heart failure, diabetes with nephropathy, CKD, COPD', () => {
    const r = index(
      claim('2025-09-02', ['I50.22', 'E11.21']),
      claim('2025-11-20', ['N18.4', 'E11.9']),
      claim('2026-04-03', ['J44.1', 'I25.2']),
    );
    // CHF 2 + diabetes with complication 1 (without: superseded) + renal 1 + pulmonary 1 + MI 0.
    expect(r.score).toBe(5);
    expect(r.conditions.map((c) => `${c.id}:${c.points}`)).toEqual([
      'myocardial-infarction:0',
      'congestive-heart-failure:2',
      'chronic-pulmonary-disease:1',
      'diabetes-without-chronic-complication:0',
      'diabetes-with-chronic-complication:1',
      'renal-disease:1',
    ]);
    expect(r.sources.codes.doi).toBe('10.1097/01.mlr.0000182534.19832.83');
    expect(r.sources.weights.doi).toBe('10.1093/aje/kwq433');
  });
});
