/**
 * The Charlson comorbidities as ICD-10 codes: the "enhanced ICD-10" Charlson column of Table 1 of
 *
 *   Quan H, Sundararajan V, Halfon P, Fong A, Burnand B, Luthi JC, Saunders LD, Beck CA,
 *   Feasby TE, Ghali WA. Coding algorithms for defining comorbidities in ICD-9-CM and ICD-10
 *   administrative data. Med Care. 2005 Nov;43(11):1130-1139. doi:10.1097/01.mlr.0000182534.19832.83
 *
 * Written as the paper writes them: `I21` is the category (the paper's `I21.x`), `I42.5-I42.9` an
 * inclusive run of subcategories, `I60-I69` an inclusive run of categories. The paper codes WHO
 * ICD-10; in ICD-10-CM the same categories carry more characters (I50.9 → I50.32), so a spec
 * matches every code that starts with it. WHO-only categories (E14, F00) never occur in US claims
 * and are kept so the table stays the paper's. Categories ICD-10-CM added with a letter in third
 * position (C4A Merkel cell carcinoma, C7A/C7B neuroendocrine tumours) are not in the paper and do
 * not match: runs are expanded digit by digit (`expandSpec`), never compared as strings.
 */

export const QUAN_2005_SOURCE = {
  citation:
    'Quan H, Sundararajan V, Halfon P, et al. Coding algorithms for defining comorbidities in ICD-9-CM and ICD-10 administrative data. Med Care. 2005;43(11):1130-1139, Table 1 (enhanced ICD-10, Charlson)',
  doi: '10.1097/01.mlr.0000182534.19832.83',
  published: '2005-11',
} as const;

export const CHARLSON_CONDITION_IDS = [
  'myocardial-infarction',
  'congestive-heart-failure',
  'peripheral-vascular-disease',
  'cerebrovascular-disease',
  'dementia',
  'chronic-pulmonary-disease',
  'rheumatic-disease',
  'peptic-ulcer-disease',
  'mild-liver-disease',
  'diabetes-without-chronic-complication',
  'diabetes-with-chronic-complication',
  'hemiplegia-or-paraplegia',
  'renal-disease',
  'any-malignancy',
  'moderate-or-severe-liver-disease',
  'metastatic-solid-tumor',
  'aids-hiv',
] as const;

export type CharlsonConditionId = (typeof CHARLSON_CONDITION_IDS)[number];

export interface CharlsonConditionCodes {
  id: CharlsonConditionId;
  /** The condition's name in Table 1. */
  label: string;
  /** The ICD-10 codes of Table 1, in the paper's notation. */
  icd10: readonly string[];
}

// prettier-ignore
export const QUAN_2005_ICD10_CHARLSON: readonly CharlsonConditionCodes[] = [
  { id: 'myocardial-infarction', label: 'Myocardial infarction', icd10: ['I21', 'I22', 'I25.2'] },
  {
    id: 'congestive-heart-failure',
    label: 'Congestive heart failure',
    icd10: ['I09.9', 'I11.0', 'I13.0', 'I13.2', 'I25.5', 'I42.0', 'I42.5-I42.9', 'I43', 'I50', 'P29.0'],
  },
  {
    id: 'peripheral-vascular-disease',
    label: 'Peripheral vascular disease',
    icd10: ['I70', 'I71', 'I73.1', 'I73.8', 'I73.9', 'I77.1', 'I79.0', 'I79.2', 'K55.1', 'K55.8', 'K55.9', 'Z95.8', 'Z95.9'],
  },
  {
    id: 'cerebrovascular-disease',
    label: 'Cerebrovascular disease',
    icd10: ['G45', 'G46', 'H34.0', 'I60-I69'],
  },
  { id: 'dementia', label: 'Dementia', icd10: ['F00-F03', 'F05.1', 'G30', 'G31.1'] },
  {
    id: 'chronic-pulmonary-disease',
    label: 'Chronic pulmonary disease',
    icd10: ['I27.8', 'I27.9', 'J40-J47', 'J60-J67', 'J68.4', 'J70.1', 'J70.3'],
  },
  {
    id: 'rheumatic-disease',
    label: 'Rheumatic disease',
    icd10: ['M05', 'M06', 'M31.5', 'M32-M34', 'M35.1', 'M35.3', 'M36.0'],
  },
  { id: 'peptic-ulcer-disease', label: 'Peptic ulcer disease', icd10: ['K25-K28'] },
  {
    id: 'mild-liver-disease',
    label: 'Mild liver disease',
    icd10: ['B18', 'K70.0-K70.3', 'K70.9', 'K71.3-K71.5', 'K71.7', 'K73', 'K74', 'K76.0', 'K76.2-K76.4', 'K76.8', 'K76.9', 'Z94.4'],
  },
  {
    id: 'diabetes-without-chronic-complication',
    label: 'Diabetes without chronic complication',
    icd10: [
      'E10.0', 'E10.1', 'E10.6', 'E10.8', 'E10.9',
      'E11.0', 'E11.1', 'E11.6', 'E11.8', 'E11.9',
      'E12.0', 'E12.1', 'E12.6', 'E12.8', 'E12.9',
      'E13.0', 'E13.1', 'E13.6', 'E13.8', 'E13.9',
      'E14.0', 'E14.1', 'E14.6', 'E14.8', 'E14.9',
    ],
  },
  {
    id: 'diabetes-with-chronic-complication',
    label: 'Diabetes with chronic complication',
    icd10: [
      'E10.2-E10.5', 'E10.7',
      'E11.2-E11.5', 'E11.7',
      'E12.2-E12.5', 'E12.7',
      'E13.2-E13.5', 'E13.7',
      'E14.2-E14.5', 'E14.7',
    ],
  },
  {
    id: 'hemiplegia-or-paraplegia',
    label: 'Hemiplegia or paraplegia',
    icd10: ['G04.1', 'G11.4', 'G80.1', 'G80.2', 'G81', 'G82', 'G83.0-G83.4', 'G83.9'],
  },
  {
    id: 'renal-disease',
    label: 'Renal disease',
    icd10: ['I12.0', 'I13.1', 'N03.2-N03.7', 'N05.2-N05.7', 'N18', 'N19', 'N25.0', 'Z49.0-Z49.2', 'Z94.0', 'Z99.2'],
  },
  {
    id: 'any-malignancy',
    label: 'Any malignancy, including lymphoma and leukemia, except malignant neoplasm of skin',
    icd10: ['C00-C26', 'C30-C34', 'C37-C41', 'C43', 'C45-C58', 'C60-C76', 'C81-C85', 'C88', 'C90-C97'],
  },
  {
    id: 'moderate-or-severe-liver-disease',
    label: 'Moderate or severe liver disease',
    icd10: ['I85.0', 'I85.9', 'I86.4', 'I98.2', 'K70.4', 'K71.1', 'K72.1', 'K72.9', 'K76.5', 'K76.6', 'K76.7'],
  },
  { id: 'metastatic-solid-tumor', label: 'Metastatic solid tumor', icd10: ['C77-C80'] },
  { id: 'aids-hiv', label: 'AIDS/HIV', icd10: ['B20-B22', 'B24'] },
];

/**
 * The normalized prefixes a spec of the table stands for: `I25.2` → [`I252`], `I42.5-I42.9` →
 * [`I425` … `I429`], `C00-C26` → [`C00` … `C26`]. Runs are numeric within one letter (the paper's
 * runs all are); anything else is a defect in the data and throws.
 */
export function expandSpec(spec: string): string[] {
  const [from, to, extra] = spec.replace(/\./g, '').toUpperCase().split('-');
  if (extra !== undefined || !from || !/^[A-Z]\d{2,3}$/.test(from)) {
    throw new Error(`Charlson ICD-10 spec "${spec}" is malformed`);
  }
  if (to === undefined) return [from];
  if (!/^[A-Z]\d{2,3}$/.test(to) || to[0] !== from[0] || to.length !== from.length) {
    throw new Error(`Charlson ICD-10 run "${spec}" must stay within one letter and one length`);
  }
  const first = Number(from.slice(1));
  const last = Number(to.slice(1));
  if (first > last) throw new Error(`Charlson ICD-10 run "${spec}" runs backwards`);
  const digits = from.length - 1;
  const out: string[] = [];
  for (let n = first; n <= last; n++) out.push(from[0] + String(n).padStart(digits, '0'));
  return out;
}
