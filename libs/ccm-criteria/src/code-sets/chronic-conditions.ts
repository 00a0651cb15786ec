/**
 * The document's chronic-condition list (sub-items of "Pulmonary:" and "Cardiac:" are conditions of
 * their own) mapped to ICD-10-CM. Specs are prefixes of codes without the dot (`I110` is I11.0).
 * Where CCW has an algorithm for the condition its ICD-10-CM list was the starting point, narrowed
 * to what the document names (CCW's RA/OA keeps RA only); where the document lists an acute
 * condition (pneumonia, respiratory failure, Guillain-Barré) the codes come from the ICD-10-CM
 * category and the CCSR category, and the note says that CCIR does not call them chronic.
 */
import { ccir, ccsr, ccw, doc, icd10cm } from './references';
import type { ChronicConditionDefinition } from './schema';

export const CHRONIC_CONDITIONS_2025_1: ChronicConditionDefinition[] = [
  {
    id: 'diabetes',
    label: 'Diabetes',
    heading: null,
    codes: { 'ICD-10-CM': ['E08', 'E09', 'E10', 'E11', 'E13'] },
    sources: [doc('Chronic conditions: Diabetes'), ccw('Diabetes'), ccir('E08–E13 chronic')],
    note: 'Gestational diabetes (O24.4) and prediabetes (R73.0) are not diabetes.',
  },
  {
    id: 'renal-failure',
    label: 'Renal failure',
    heading: null,
    codes: { 'ICD-10-CM': ['N184', 'N185', 'N186', 'N19', 'I120', 'I1311', 'I132', 'Z992', 'Z49'] },
    sources: [
      doc('Chronic conditions: Renal failure'),
      ccw('Chronic Kidney Disease, restricted to stage 4 and later, kidney failure and dialysis'),
      ccir('N18.4–N18.6, N19 chronic'),
    ],
    note: 'CKD stages 1–3 (N18.1–N18.3x, N18.9) are kidney disease without failure and do not count; acute kidney failure (N17) is not chronic.',
  },
  {
    id: 'hypertension',
    label: 'Hypertension',
    heading: null,
    codes: { 'ICD-10-CM': ['I10', 'I11', 'I12', 'I13', 'I15', 'I16', 'I1A'] },
    sources: [
      doc('Chronic conditions: Hypertension'),
      ccw('Hypertension'),
      ccir('I10–I16, I1A chronic'),
    ],
  },
  {
    id: 'copd',
    label: 'Chronic obstructive pulmonary disease (COPD)',
    heading: 'pulmonary',
    codes: { 'ICD-10-CM': ['J41', 'J42', 'J43', 'J44', 'J47'] },
    sources: [
      doc('Chronic conditions: Pulmonary: COPD'),
      ccw('Chronic Obstructive Pulmonary Disease and Bronchiectasis'),
      ccir('J41–J44, J47 chronic'),
    ],
    note: 'J40 (bronchitis not specified as acute or chronic) is left out.',
  },
  {
    id: 'pneumonia',
    label: 'Pneumonia',
    heading: 'pulmonary',
    codes: { 'ICD-10-CM': ['J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18', 'A481'] },
    sources: [
      doc('Chronic conditions: Pulmonary: Pneumonia'),
      icd10cm('J12–J18 Pneumonia; A48.1 Legionnaires disease'),
      ccsr('RSP002 Pneumonia (except that caused by tuberculosis)'),
    ],
    note: 'An acute condition the document lists as chronic; AHRQ CCIR does not classify these codes as chronic.',
  },
  {
    id: 'asthma',
    label: 'Asthma',
    heading: 'pulmonary',
    codes: { 'ICD-10-CM': ['J45'] },
    sources: [doc('Chronic conditions: Pulmonary: Asthma'), ccw('Asthma'), ccir('J45 chronic')],
  },
  {
    id: 'respiratory-failure',
    label: 'Respiratory failure',
    heading: 'pulmonary',
    codes: { 'ICD-10-CM': ['J96', 'Z9911'] },
    sources: [
      doc('Chronic conditions: Pulmonary: Respiratory failure'),
      icd10cm('J96 Respiratory failure, not elsewhere classified; Z99.11 Dependence on respirator'),
      ccsr('RSP012 Respiratory failure; insufficiency; arrest'),
    ],
    note: 'J96 includes acute respiratory failure (J96.0x), which AHRQ CCIR does not classify as chronic; the document lists the condition without restriction.',
  },
  {
    id: 'pulmonary-hypertension',
    label: 'Pulmonary hypertension',
    heading: 'pulmonary',
    codes: { 'ICD-10-CM': ['I270', 'I272', 'I2783'] },
    sources: [
      doc('Chronic conditions: Pulmonary: Pulmonary hypertension'),
      icd10cm(
        'I27.0 Primary pulmonary hypertension; I27.2x Other secondary pulmonary hypertension; I27.83 Eisenmenger syndrome',
      ),
      ccir('I27.0, I27.2x chronic'),
    ],
  },
  {
    id: 'guillain-barre-syndrome',
    label: 'Guillain-Barré syndrome',
    heading: 'pulmonary',
    codes: { 'ICD-10-CM': ['G610'] },
    sources: [
      doc('Chronic conditions: Pulmonary: Guillain-Barre Syndrome'),
      icd10cm('G61.0 Guillain-Barré syndrome'),
    ],
    note: 'Listed by the document under Pulmonary (respiratory compromise); an acute polyneuropathy in ICD-10-CM.',
  },
  {
    id: 'congestive-heart-failure',
    label: 'Congestive heart failure',
    heading: 'cardiac',
    codes: { 'ICD-10-CM': ['I50', 'I110', 'I130', 'I132', 'I0981'] },
    sources: [
      doc('Chronic conditions: Cardiac: Congestive heart failure'),
      ccw('Heart Failure'),
      ccir('I50, I11.0, I13.0, I13.2, I09.81 chronic'),
    ],
  },
  {
    id: 'cardiomyopathy',
    label: 'Cardiomyopathy',
    heading: 'cardiac',
    codes: { 'ICD-10-CM': ['I42', 'I43', 'I255', 'O903'] },
    sources: [
      doc('Chronic conditions: Cardiac: Cardiomyopathy'),
      icd10cm(
        'I42 Cardiomyopathy; I43 Cardiomyopathy in diseases classified elsewhere; I25.5 Ischemic cardiomyopathy; O90.3 Peripartum cardiomyopathy',
      ),
      ccir('I42, I43, I25.5 chronic'),
    ],
  },
  {
    id: 'coronary-artery-disease',
    label: 'Coronary artery disease (CAD)',
    heading: 'cardiac',
    codes: { 'ICD-10-CM': ['I20', 'I21', 'I22', 'I23', 'I24', 'I25', 'Z951', 'Z955'] },
    sources: [
      doc('Chronic conditions: Cardiac: Coronary artery disease (CAD)'),
      ccw('Ischemic Heart Disease'),
      ccir('I20, I25 chronic'),
    ],
    note: 'Includes acute myocardial infarction (I21–I23) and coronary bypass/stent status (Z95.1, Z95.5) as evidence of CAD.',
  },
  {
    id: 'osteomyelitis',
    label: 'Osteomyelitis',
    heading: null,
    codes: { 'ICD-10-CM': ['M86', 'M462'] },
    sources: [
      doc('Chronic conditions: Osteomyelitis'),
      icd10cm('M86 Osteomyelitis; M46.2 Osteomyelitis of vertebra'),
      ccir('M86.3–M86.6 chronic'),
    ],
    note: 'Acute osteomyelitis (M86.0, M86.1) counts too: the document lists osteomyelitis without restriction.',
  },
  {
    id: 'rheumatoid-arthritis',
    label: 'Rheumatoid arthritis',
    heading: null,
    codes: { 'ICD-10-CM': ['M05', 'M06'] },
    sources: [
      doc('Chronic conditions: Rheumatoid arthritis'),
      ccw('Rheumatoid Arthritis/Osteoarthritis, restricted to rheumatoid arthritis (M05, M06)'),
      ccir('M05, M06 chronic'),
    ],
  },
  {
    id: 'systemic-lupus-erythematosus',
    label: 'Systemic lupus erythematosus (SLE)',
    heading: null,
    codes: { 'ICD-10-CM': ['M32'] },
    sources: [
      doc('Chronic conditions: Systemic lupus erythematosus (SLE)'),
      icd10cm('M32 Systemic lupus erythematosus'),
      ccir('M32 chronic'),
    ],
    note: 'Cutaneous lupus (L93) is not systemic.',
  },
  {
    id: 'multiple-sclerosis',
    label: 'Multiple sclerosis (MS)',
    heading: null,
    codes: { 'ICD-10-CM': ['G35'] },
    sources: [
      doc('Chronic conditions: Multiple sclerosis (MS)'),
      ccw('Multiple Sclerosis and Transverse Myelitis, restricted to multiple sclerosis (G35)'),
      ccir('G35 chronic'),
    ],
  },
  {
    id: 'parkinsons-disease',
    label: "Parkinson's disease",
    heading: null,
    codes: { 'ICD-10-CM': ['G20'] },
    sources: [
      doc("Chronic conditions: Parkinson's Disease"),
      ccw(
        "Parkinson's Disease and Secondary Parkinsonism, restricted to Parkinson's disease (G20)",
      ),
      ccir('G20 chronic'),
    ],
    note: 'Secondary parkinsonism (G21) is not Parkinson disease.',
  },
  {
    id: 'chronic-liver-disease',
    label: 'Cirrhosis of liver / chronic liver disease',
    heading: null,
    codes: {
      'ICD-10-CM': [
        'K70',
        'K721',
        'K73',
        'K74',
        'K754',
        'K7581',
        'K760',
        'K766',
        'K767',
        'B18',
        'I85',
      ],
    },
    sources: [
      doc('Chronic conditions: Cirrhosis of liver / chronic liver disease'),
      ccw(
        'Liver Disease, Cirrhosis and Other Liver Conditions (except Viral Hepatitis); Viral Hepatitis (chronic, B18)',
      ),
      ccir('K70, K73, K74, B18 chronic'),
    ],
  },
  {
    id: 'pressure-ulcers',
    label: 'Pressure ulcers',
    heading: null,
    codes: { 'ICD-10-CM': ['L89'] },
    sources: [
      doc('Chronic conditions: Pressure ulcers'),
      ccw('Pressure and Chronic Ulcers, restricted to pressure ulcers (L89)'),
      icd10cm('L89 Pressure ulcer'),
    ],
  },
  {
    id: 'hiv',
    label: 'Human immunodeficiency virus (HIV)',
    heading: null,
    codes: { 'ICD-10-CM': ['B20', 'Z21', 'O987'] },
    sources: [
      doc('Chronic conditions: Human immunodeficiency virus (HIV)'),
      ccw('HIV/AIDS'),
      ccir('B20, Z21 chronic'),
    ],
    note: 'Inconclusive HIV serology (R75) and exposure (Z20.6) are not HIV.',
  },
  {
    id: 'metastatic-cancer',
    label: 'Metastatic cancer',
    heading: null,
    codes: { 'ICD-10-CM': ['C77', 'C78', 'C79', 'C800'] },
    sources: [
      doc('Chronic conditions: Metastatic cancer'),
      icd10cm(
        'C77–C79 Secondary malignant neoplasms; C80.0 Disseminated malignant neoplasm, unspecified',
      ),
      ccir('C77–C79 chronic'),
    ],
  },
];
