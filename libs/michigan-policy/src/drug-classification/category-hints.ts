import type { DrugCategory } from '../reference-values';

/** Category hints a request may carry (`drug.categoryHint`), normalized (lower case, dashes). */
export const CATEGORY_HINT_ALIASES: Readonly<Record<DrugCategory, readonly string[]>> = {
  'medical-oncology': [
    'medical-oncology',
    'oncology',
    'chemotherapy',
    'antineoplastic',
    'oncology-drug',
  ],
  'supportive-care': [
    'supportive-care',
    'oncology-supportive-care',
    'supportive',
    'colony-stimulating-factor',
    'antiemetic',
    'erythropoiesis-stimulating-agent',
    'bone-modifying-agent',
  ],
  'car-t': ['car-t', 'cart', 'car-t-cell-therapy', 'car-t-cell', 'cell-therapy-car-t'],
  other: ['other', 'non-oncology'],
};
