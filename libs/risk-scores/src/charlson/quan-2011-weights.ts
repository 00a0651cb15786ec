/**
 * The updated Charlson weights of
 *
 *   Quan H, Li B, Couris CM, Fushimi K, Graham P, Hider P, Januel JM, Sundararajan V. Updating and
 *   validating the Charlson comorbidity index and score for risk adjustment in hospital discharge
 *   abstracts using data from 6 countries. Am J Epidemiol. 2011 Mar 15;173(6):676-682.
 *   doi:10.1093/aje/kwq433 (Table 3, "updated weight")
 *
 * Five conditions lost their weight (0: still found and shown, they add nothing); the score runs
 * from 0 to 24. The maximum of 24 holds only with Charlson's hierarchy (below), which the paper's
 * range implies: a member with metastases is not also scored for "any malignancy".
 */
import type { CharlsonConditionId } from './quan-2005-icd10';

export const QUAN_2011_SOURCE = {
  citation:
    'Quan H, Li B, Couris CM, et al. Updating and validating the Charlson comorbidity index and score for risk adjustment in hospital discharge abstracts using data from 6 countries. Am J Epidemiol. 2011;173(6):676-682, Table 3',
  doi: '10.1093/aje/kwq433',
  published: '2011-03-15',
} as const;

export const QUAN_2011_WEIGHTS: Readonly<Record<CharlsonConditionId, number>> = {
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
};

/** The highest score the weights allow with the hierarchy applied (the paper's range, 0–24). */
export const QUAN_2011_MAX_SCORE = 24;

/**
 * Charlson's hierarchy: the milder form is not scored when the severer form of the same disease is
 * present (Charlson ME et al., J Chronic Dis. 1987;40(5):373-383, scoring each disease once at its
 * severest; the same rule the Quan 2011 maximum of 24 assumes).
 */
export const CHARLSON_HIERARCHY: ReadonlyArray<{
  severe: CharlsonConditionId;
  supersedes: CharlsonConditionId;
}> = [
  { severe: 'moderate-or-severe-liver-disease', supersedes: 'mild-liver-disease' },
  {
    severe: 'diabetes-with-chronic-complication',
    supersedes: 'diabetes-without-chronic-complication',
  },
  { severe: 'metastatic-solid-tumor', supersedes: 'any-malignancy' },
];
