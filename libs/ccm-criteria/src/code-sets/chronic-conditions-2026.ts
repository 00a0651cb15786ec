/**
 * Code set 2026.1 of the document's chronic-condition list (ICD-10-CM FY2026), rebuilt condition
 * by condition from the published groupings: the CMS Chronic Conditions Warehouse (CCW) algorithm
 * where CCW has the condition, otherwise the AHRQ CCSR category (v2025.1) that holds it, narrowed
 * only where the document names a narrower condition (the note says why). Specs are prefixes of
 * dot-less codes, so codes added inside a category by a later fiscal year (G35.A, E11.A, G20.A1)
 * are counted without a data change.
 */
import { ccir, ccsr, ccw, doc, icd10cm } from './references';
import type { ChronicConditionDefinition, CodeSource } from './schema';

/**
 * AHRQ CCSR RSP002 "Pneumonia (except that caused by tuberculosis)": J12–J18 and the pneumonias
 * coded in other chapters (influenza with pneumonia, infectious-disease pneumonias, ventilator-
 * associated pneumonia, congenital pneumonia). Shared with the readmission clinical group.
 */
export const PNEUMONIA_CCSR_RSP002: string[] = [
  'J12',
  'J13',
  'J14',
  'J15',
  'J16',
  'J17',
  'J18',
  'J09X1',
  'J100',
  'J110',
  'J851',
  'J95851',
  'A0103',
  'A0222',
  'A212',
  'A221',
  'A3701',
  'A3711',
  'A3781',
  'A3791',
  'A420',
  'A430',
  'A481',
  'A5484',
  'B012',
  'B052',
  'B0681',
  'B250',
  'B59',
  'B7781',
  'P23',
];

/** New codes and sources of a condition, or sources added to those of 2025.1. */
type Rebuild = Partial<Pick<ChronicConditionDefinition, 'codes' | 'sources' | 'note'>> & {
  addSources?: CodeSource[];
  /** ICD-10-CM specs added to those of 2025.1. */
  addCodes?: string[];
};

/** 2026.1: the 2025.1 definitions with each condition's codes rebuilt from its reference. */
export function chronicConditions2026(
  previous: ChronicConditionDefinition[],
): ChronicConditionDefinition[] {
  const rebuilt: Record<string, Rebuild> = {
    diabetes: {
      codes: { 'ICD-10-CM': ['E08', 'E09', 'E10', 'E11', 'E13', 'O240', 'O241', 'O243', 'O248'] },
      sources: [
        doc('Chronic conditions: Diabetes'),
        ccw('Diabetes (E08–E13; pre-existing diabetes in pregnancy O24.0, O24.1, O24.3, O24.8)'),
        ccsr('END002, END003 Diabetes mellitus without / with complication'),
      ],
      note: 'Gestational diabetes (O24.4), unspecified diabetes in pregnancy (O24.9) and prediabetes (R73.0) are not diabetes.',
    },
    'renal-failure': {
      codes: {
        'ICD-10-CM': [
          'N184',
          'N185',
          'N186',
          'N19',
          'I120',
          'I1311',
          'I132',
          'Z992',
          'Z49',
          'Z9115',
        ],
      },
      sources: [
        doc('Chronic conditions: Renal failure'),
        ccw('Chronic Kidney Disease, restricted to stage 4 and later, kidney failure and dialysis'),
        ccsr('GEN003 Chronic kidney disease (stages 4, 5, end stage)'),
      ],
      note: 'Renal failure read as KDIGO G4–G5 (eGFR < 30) and dialysis: CKD stages 1–3 (N18.1–N18.3x, N18.9) are kidney disease without failure; acute kidney failure (N17) is not chronic (CCSR GEN002).',
    },
    hypertension: {
      codes: { 'ICD-10-CM': ['I10', 'I11', 'I12', 'I13', 'I15', 'I16', 'I1A', 'O10', 'O11'] },
      sources: [
        doc('Chronic conditions: Hypertension'),
        ccw('Hypertension (I10–I16, I1A; pre-existing hypertension in pregnancy O10, O11)'),
        ccsr('CIR007 Essential hypertension; CIR008 Hypertension with complications'),
      ],
      note: 'Gestational hypertension (O13) and pre-eclampsia (O14) are not chronic hypertension.',
    },
    copd: {
      codes: { 'ICD-10-CM': ['J41', 'J42', 'J43', 'J44', 'J47'] },
      sources: [
        doc('Chronic conditions: Pulmonary: COPD'),
        ccw('Chronic Obstructive Pulmonary Disease and Bronchiectasis'),
        ccsr('RSP008 Chronic obstructive pulmonary disease and bronchiectasis'),
      ],
      note: 'J40 (bronchitis not specified as acute or chronic) is left out, as CCSR RSP008 does.',
    },
    pneumonia: {
      codes: { 'ICD-10-CM': PNEUMONIA_CCSR_RSP002 },
      sources: [
        doc('Chronic conditions: Pulmonary: Pneumonia'),
        ccsr('RSP002 Pneumonia (except that caused by tuberculosis), v2025.1'),
      ],
      note: 'An acute condition the document lists as chronic; aspiration pneumonitis (J69, CCSR RSP010) and tuberculous pneumonia (A15) are other categories.',
    },
    asthma: {
      codes: { 'ICD-10-CM': ['J45', 'J8283'] },
      sources: [
        doc('Chronic conditions: Pulmonary: Asthma'),
        ccw('Asthma'),
        ccsr('RSP009 Asthma (J45, J82.83 eosinophilic asthma)'),
      ],
    },
    'respiratory-failure': {
      codes: { 'ICD-10-CM': ['J96', 'J9582', 'R092', 'Z9911', 'Z9912'] },
      sources: [
        doc('Chronic conditions: Pulmonary: Respiratory failure'),
        ccsr(
          'RSP012 Respiratory failure; insufficiency; arrest (J96, J95.82x postprocedural, R09.2)',
        ),
        icd10cm(
          'Z99.11 Dependence on respirator; Z99.12 respirator dependence during power failure',
        ),
      ],
      note: 'Includes acute respiratory failure, which AHRQ CCIR does not classify as chronic; the document lists the condition without restriction.',
    },
    'pulmonary-hypertension': {
      codes: { 'ICD-10-CM': ['I270', 'I272', 'I2783', 'P2930'] },
      sources: [
        doc('Chronic conditions: Pulmonary: Pulmonary hypertension'),
        ccir('I27.0, I27.2x chronic'),
        icd10cm(
          'I27.0 Primary pulmonary hypertension; I27.2x Other secondary pulmonary hypertension; I27.83 Eisenmenger syndrome; P29.30 Pulmonary hypertension of newborn',
        ),
      ],
    },
    'guillain-barre-syndrome': {
      codes: { 'ICD-10-CM': ['G610'] },
      sources: [
        doc('Chronic conditions: Pulmonary: Guillain-Barre Syndrome'),
        icd10cm('G61.0 Guillain-Barré syndrome'),
      ],
      note: 'Listed by the document under Pulmonary (respiratory compromise); an acute polyneuropathy in ICD-10-CM.',
    },
    'congestive-heart-failure': {
      codes: { 'ICD-10-CM': ['I50', 'I110', 'I130', 'I132', 'I0981', 'I9713'] },
      sources: [
        doc('Chronic conditions: Cardiac: Congestive heart failure'),
        ccw('Heart Failure and Non-Ischemic Heart Disease, restricted to heart failure'),
        ccsr('CIR019 Heart failure (I50, I11.0, I13.0, I13.2, I09.81, I97.13x)'),
      ],
      note: 'Cardiomyopathy, which CCW includes, is its own condition in the document.',
    },
    cardiomyopathy: {
      codes: { 'ICD-10-CM': ['I42', 'I43', 'I255', 'O903', 'I5181'] },
      sources: [
        doc('Chronic conditions: Cardiac: Cardiomyopathy'),
        ccsr('Myocarditis and cardiomyopathy category, restricted to cardiomyopathy'),
        icd10cm(
          'I42, I43 Cardiomyopathy; I25.5 Ischemic cardiomyopathy; O90.3 Peripartum cardiomyopathy; I51.81 Takotsubo syndrome',
        ),
      ],
    },
    'coronary-artery-disease': {
      codes: {
        'ICD-10-CM': ['I20', 'I21', 'I22', 'I23', 'I24', 'I25', 'Z951', 'Z955', 'Z9861'],
      },
      sources: [
        doc('Chronic conditions: Cardiac: Coronary artery disease (CAD)'),
        ccw('Ischemic Heart Disease (I20–I25, Z95.1, Z95.5, Z98.61)'),
        ccsr('CIR009 Acute myocardial infarction; CIR011 Coronary atherosclerosis'),
      ],
    },
    osteomyelitis: {
      codes: { 'ICD-10-CM': ['M86', 'M462', 'H0502', 'A0224', 'A5443'] },
      sources: [
        doc('Chronic conditions: Osteomyelitis'),
        ccir('M86.3–M86.6 chronic'),
        icd10cm(
          'M86 Osteomyelitis; M46.2 vertebral; H05.02 orbital; A02.24 Salmonella; A54.43 gonococcal',
        ),
      ],
      note: 'Acute osteomyelitis (M86.0, M86.1) counts too: the document lists osteomyelitis without restriction.',
    },
    'chronic-liver-disease': {
      addCodes: ['K717', 'K7682'],
      addSources: [
        icd10cm(
          'K71.7 Toxic liver disease with fibrosis and cirrhosis; K76.82 Hepatic encephalopathy',
        ),
      ],
    },
    'metastatic-cancer': {
      codes: { 'ICD-10-CM': ['C77', 'C78', 'C79', 'C7B', 'C800'] },
      sources: [
        doc('Chronic conditions: Metastatic cancer'),
        ccsr('NEO070 Secondary malignancies (C77–C79, C7B secondary neuroendocrine tumors)'),
        icd10cm('C80.0 Disseminated malignant neoplasm, unspecified'),
      ],
      note: 'Primary malignant neuroendocrine tumors (C7A) are not metastatic; their metastases are C7B.',
    },
  };
  return previous.map((d) => {
    const { addSources, addCodes, ...r } = rebuilt[d.id] ?? {};
    const codes = r.codes ?? d.codes;
    return {
      ...d,
      ...r,
      codes: { 'ICD-10-CM': [...(codes['ICD-10-CM'] ?? []), ...(addCodes ?? [])] },
      sources: [...(r.sources ?? d.sources), ...(addSources ?? [])],
    };
  });
}
