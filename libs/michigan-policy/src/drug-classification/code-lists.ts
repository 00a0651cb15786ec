import type { DrugCategory } from '../reference-values';

/**
 * HCPCS Level II code lists used to tell medical oncology, supportive care and CAR-T drugs from
 * other medical benefit drugs. The lists are not part of the BCBSM/BCN document (which names the
 * classes only); they come from the CMS HCPCS Level II code set. The authoritative per-drug lists
 * are the BCBSM/BCN "Medical Benefit Drugs" drug lists on ereferrals.bcbsm.com and the AIM
 * (Carelon) oncology drug list; reconcile these lists with them at each quarterly HCPCS update.
 */
export const HCPCS_SOURCE =
  'CMS, Healthcare Common Procedure Coding System (HCPCS) Level II code set, quarterly release (https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets)';

export interface HcpcsRange {
  id: string;
  from: string;
  to: string;
  category: DrugCategory;
  title: string;
  source: string;
}

export interface HcpcsEntry {
  code: string;
  name: string;
  category: DrugCategory;
  /** The therapeutic class that puts the drug in its category. */
  drugClass: string;
}

export interface AmbiguousHcpcsEntry {
  code: string;
  name: string;
  /** The categories the code is billed under; the request's category hint must pick one. */
  candidates: readonly DrugCategory[];
  note: string;
}

export const HCPCS_RANGES: readonly HcpcsRange[] = [
  {
    id: 'hcpcs.j9000-j9999',
    from: 'J9000',
    to: 'J9999',
    category: 'medical-oncology',
    title: 'HCPCS Level II J9000–J9999, "Chemotherapy Drugs"',
    source: `${HCPCS_SOURCE}; J9000–J9999 is the chemotherapy drugs section (J9999: not otherwise classified, antineoplastic drugs).`,
  },
];

const CSF = 'colony-stimulating factor';
const ESA = 'erythropoiesis-stimulating agent';
const ANTIEMETIC = 'antiemetic';
const BONE = 'bone-modifying agent';
const PROTECT = 'chemoprotectant / toxicity management';
const CAR_T = 'CAR-T cell therapy';
const ONC = 'antineoplastic outside J9000–J9999';

export const HCPCS_ENTRIES: readonly HcpcsEntry[] = [
  // CAR-T cell therapies (HCPCS Q-codes).
  {
    code: 'Q2041',
    name: 'axicabtagene ciloleucel (Yescarta)',
    category: 'car-t',
    drugClass: CAR_T,
  },
  { code: 'Q2042', name: 'tisagenlecleucel (Kymriah)', category: 'car-t', drugClass: CAR_T },
  {
    code: 'Q2053',
    name: 'brexucabtagene autoleucel (Tecartus)',
    category: 'car-t',
    drugClass: CAR_T,
  },
  {
    code: 'Q2054',
    name: 'lisocabtagene maraleucel (Breyanzi)',
    category: 'car-t',
    drugClass: CAR_T,
  },
  { code: 'Q2055', name: 'idecabtagene vicleucel (Abecma)', category: 'car-t', drugClass: CAR_T },
  {
    code: 'Q2056',
    name: 'ciltacabtagene autoleucel (Carvykti)',
    category: 'car-t',
    drugClass: CAR_T,
  },
  // Antineoplastics billed outside the J9 section.
  {
    code: 'Q2043',
    name: 'sipuleucel-T (Provenge), autologous cellular immunotherapy (not CAR-T)',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  {
    code: 'Q2050',
    name: 'doxorubicin hydrochloride, liposomal',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  { code: 'Q5107', name: 'bevacizumab-awwb (Mvasi)', category: 'medical-oncology', drugClass: ONC },
  {
    code: 'Q5118',
    name: 'bevacizumab-bvzr (Zirabev)',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  {
    code: 'Q5112',
    name: 'trastuzumab-dttb (Ontruzant)',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  {
    code: 'Q5113',
    name: 'trastuzumab-pkrb (Herzuma)',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  {
    code: 'Q5114',
    name: 'trastuzumab-dkst (Ogivri)',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  {
    code: 'Q5116',
    name: 'trastuzumab-qyyp (Trazimera)',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  {
    code: 'Q5117',
    name: 'trastuzumab-anns (Kanjinti)',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  { code: 'Q5115', name: 'rituximab-abbs (Truxima)', category: 'medical-oncology', drugClass: ONC },
  {
    code: 'Q5119',
    name: 'rituximab-pvvr (Ruxience)',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  { code: 'Q5123', name: 'rituximab-arrx (Riabni)', category: 'medical-oncology', drugClass: ONC },
  {
    code: 'J8520',
    name: 'capecitabine, oral, 150 mg',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  {
    code: 'J8521',
    name: 'capecitabine, oral, 500 mg',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  {
    code: 'J8530',
    name: 'cyclophosphamide, oral, 25 mg',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  { code: 'J8560', name: 'etoposide, oral, 50 mg', category: 'medical-oncology', drugClass: ONC },
  { code: 'J8600', name: 'melphalan, oral, 2 mg', category: 'medical-oncology', drugClass: ONC },
  { code: 'J8700', name: 'temozolomide, oral, 5 mg', category: 'medical-oncology', drugClass: ONC },
  { code: 'J8705', name: 'topotecan, oral, 0.25 mg', category: 'medical-oncology', drugClass: ONC },
  {
    code: 'J8999',
    name: 'prescription drug, oral, chemotherapeutic, not otherwise specified',
    category: 'medical-oncology',
    drugClass: ONC,
  },
  // Colony-stimulating factors (myeloid growth factors).
  {
    code: 'J1442',
    name: 'filgrastim (G-CSF), excludes biosimilars',
    category: 'supportive-care',
    drugClass: CSF,
  },
  { code: 'J1447', name: 'tbo-filgrastim (Granix)', category: 'supportive-care', drugClass: CSF },
  {
    code: 'J1449',
    name: 'eflapegrastim-xnst (Rolvedon)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  {
    code: 'J2505',
    name: 'pegfilgrastim, 6 mg (code used through 2021)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  {
    code: 'J2506',
    name: 'pegfilgrastim, excludes biosimilar, 0.5 mg',
    category: 'supportive-care',
    drugClass: CSF,
  },
  {
    code: 'J2820',
    name: 'sargramostim (GM-CSF, Leukine)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  { code: 'Q5101', name: 'filgrastim-sndz (Zarxio)', category: 'supportive-care', drugClass: CSF },
  {
    code: 'Q5108',
    name: 'pegfilgrastim-jmdb (Fulphila)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  {
    code: 'Q5110',
    name: 'filgrastim-aafi (Nivestym)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  {
    code: 'Q5111',
    name: 'pegfilgrastim-cbqv (Udenyca)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  {
    code: 'Q5120',
    name: 'pegfilgrastim-bmez (Ziextenzo)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  {
    code: 'Q5122',
    name: 'pegfilgrastim-apgf (Nyvepria)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  { code: 'Q5125', name: 'filgrastim-ayow (Releuko)', category: 'supportive-care', drugClass: CSF },
  {
    code: 'Q5127',
    name: 'pegfilgrastim-fpgk (Stimufend)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  {
    code: 'Q5130',
    name: 'pegfilgrastim-pbbk (Fylnetra)',
    category: 'supportive-care',
    drugClass: CSF,
  },
  // Erythropoiesis-stimulating agents (the class, including the codes labelled for ESRD on dialysis).
  {
    code: 'J0881',
    name: 'darbepoetin alfa, non-ESRD use',
    category: 'supportive-care',
    drugClass: ESA,
  },
  {
    code: 'J0882',
    name: 'darbepoetin alfa, ESRD on dialysis',
    category: 'supportive-care',
    drugClass: ESA,
  },
  {
    code: 'J0885',
    name: 'epoetin alfa (non-ESRD use)',
    category: 'supportive-care',
    drugClass: ESA,
  },
  {
    code: 'J0887',
    name: 'epoetin beta (methoxy polyethylene glycol-epoetin beta), ESRD on dialysis',
    category: 'supportive-care',
    drugClass: ESA,
  },
  {
    code: 'J0888',
    name: 'epoetin beta (methoxy polyethylene glycol-epoetin beta), non-ESRD use',
    category: 'supportive-care',
    drugClass: ESA,
  },
  {
    code: 'Q5105',
    name: 'epoetin alfa-epbx (Retacrit), ESRD on dialysis',
    category: 'supportive-care',
    drugClass: ESA,
  },
  {
    code: 'Q5106',
    name: 'epoetin alfa-epbx (Retacrit), non-ESRD use',
    category: 'supportive-care',
    drugClass: ESA,
  },
  // Antiemetics for chemotherapy-induced nausea and vomiting.
  {
    code: 'J0185',
    name: 'aprepitant injectable emulsion (Cinvanti)',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'J1260',
    name: 'dolasetron mesylate, injection',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  { code: 'J1453', name: 'fosaprepitant', category: 'supportive-care', drugClass: ANTIEMETIC },
  {
    code: 'J1454',
    name: 'fosnetupitant and palonosetron (Akynzeo IV)',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'J1626',
    name: 'granisetron hydrochloride, injection',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'J1627',
    name: 'granisetron, extended-release (Sustol)',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'J2405',
    name: 'ondansetron hydrochloride, injection',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'J2469',
    name: 'palonosetron hydrochloride',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  { code: 'J8501', name: 'aprepitant, oral', category: 'supportive-care', drugClass: ANTIEMETIC },
  {
    code: 'J8655',
    name: 'netupitant and palonosetron, oral (Akynzeo)',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'J8670',
    name: 'rolapitant, oral (Varubi)',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'Q0162',
    name: 'ondansetron, oral, as a complete substitute for an IV antiemetic at the time of chemotherapy',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'Q0166',
    name: 'granisetron, oral, as a complete substitute for an IV antiemetic at the time of chemotherapy',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  {
    code: 'Q0167',
    name: 'dronabinol, oral, as a complete substitute for an IV antiemetic at the time of chemotherapy',
    category: 'supportive-care',
    drugClass: ANTIEMETIC,
  },
  // Bone-modifying agent used almost only in oncology (hypercalcemia of malignancy, bone metastases, myeloma).
  { code: 'J2430', name: 'pamidronate disodium', category: 'supportive-care', drugClass: BONE },
  // Chemoprotectants and management of chemotherapy toxicity.
  { code: 'J0207', name: 'amifostine', category: 'supportive-care', drugClass: PROTECT },
  {
    code: 'J1190',
    name: 'dexrazoxane hydrochloride',
    category: 'supportive-care',
    drugClass: PROTECT,
  },
  {
    code: 'J2425',
    name: 'palifermin (Kepivance)',
    category: 'supportive-care',
    drugClass: PROTECT,
  },
  { code: 'J2783', name: 'rasburicase (Elitek)', category: 'supportive-care', drugClass: PROTECT },
];

/** Codes billed both for oncology supportive care and for other indications. */
export const AMBIGUOUS_HCPCS: readonly AmbiguousHcpcsEntry[] = [
  {
    code: 'J0897',
    name: 'denosumab',
    candidates: ['supportive-care', 'other'],
    note: 'one code for Xgeva (bone metastases, a supportive care drug) and Prolia (osteoporosis)',
  },
  {
    code: 'J3489',
    name: 'zoledronic acid',
    candidates: ['supportive-care', 'other'],
    note: 'one code for Zometa (bone metastases, hypercalcemia of malignancy) and Reclast (osteoporosis, Paget disease)',
  },
];

/** Not-otherwise-classified codes: the code alone does not identify the drug. */
export const NOC_HCPCS: readonly { code: string; name: string }[] = [
  { code: 'J3490', name: 'unclassified drugs' },
  { code: 'J3590', name: 'unclassified biologics' },
  { code: 'C9399', name: 'unclassified drugs or biologicals (hospital outpatient)' },
  { code: 'J7599', name: 'immunosuppressive drug, not otherwise classified' },
];

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
