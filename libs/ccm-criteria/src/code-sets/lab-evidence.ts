/**
 * Laboratory results that establish one of the document's chronic conditions (code set 2026.1).
 * Each rule names the LOINC codes of the test, the published diagnostic threshold and how many
 * qualifying results (how far apart) the reference asks for before the diagnosis is made.
 */
import type { CodeSource, LabConditionRule } from './schema';

const LOINC = 'LOINC (Regenstrief Institute), version 2.80';
const LOINC_URL = 'https://loinc.org/';

function loinc(detail: string): CodeSource {
  return { reference: LOINC, detail, url: LOINC_URL };
}

export const LAB_EVIDENCE_2026_1: LabConditionRule[] = [
  {
    conditionId: 'diabetes',
    minResults: 2,
    minDaysApart: 0,
    tests: [
      {
        id: 'hba1c',
        label: 'Hemoglobin A1c',
        loinc: ['4548-4', '4549-2', '17855-8', '17856-6'],
        comparison: 'at-least',
        threshold: 6.5,
        unit: '%',
        conversions: [{ unit: 'mmol/mol', multiply: 0.09148, add: 2.152 }],
      },
      {
        id: 'fasting-plasma-glucose',
        label: 'Fasting plasma glucose',
        loinc: ['1558-6'],
        comparison: 'at-least',
        threshold: 126,
        unit: 'mg/dL',
        conversions: [{ unit: 'mmol/L', multiply: 18.016, add: 0 }],
      },
    ],
    sources: [
      {
        reference: 'American Diabetes Association, Standards of Care in Diabetes—2025, section 2',
        detail:
          'A1C >= 6.5% (48 mmol/mol) or fasting plasma glucose >= 126 mg/dL (7.0 mmol/L); without unequivocal hyperglycemia, two abnormal results (same sample or two samples)',
        url: 'https://diabetesjournals.org/care/issue/48/Supplement_1',
      },
      loinc(
        '4548-4, 4549-2, 17855-8, 17856-6 Hemoglobin A1c/Hemoglobin.total in Blood; 1558-6 Fasting glucose in Serum or Plasma',
      ),
      {
        reference: 'NGSP/IFCC master equation',
        detail: 'NGSP % = 0.09148 × IFCC mmol/mol + 2.152',
        url: 'https://ngsp.org/ifccngsp.asp',
      },
    ],
  },
  {
    conditionId: 'renal-failure',
    minResults: 2,
    minDaysApart: 90,
    tests: [
      {
        id: 'egfr',
        label: 'Estimated glomerular filtration rate',
        loinc: ['33914-3', '48642-3', '48643-1', '62238-1', '69405-9', '98979-8'],
        comparison: 'below',
        threshold: 30,
        unit: 'mL/min/{1.73_m2}',
        conversions: [],
      },
    ],
    sources: [
      {
        reference:
          'KDIGO 2024 Clinical Practice Guideline for the Evaluation and Management of CKD',
        detail:
          'GFR categories: G4 15–29, G5 < 15 mL/min/1.73 m² (kidney failure); CKD requires the abnormality for more than 3 months',
        url: 'https://kdigo.org/guidelines/ckd-evaluation-and-management/',
      },
      loinc('33914-3, 48642-3, 48643-1 (MDRD), 62238-1, 98979-8 (CKD-EPI), 69405-9 eGFR'),
    ],
  },
  {
    conditionId: 'hiv',
    minResults: 1,
    minDaysApart: 0,
    tests: [
      {
        id: 'hiv-1-rna',
        label: 'HIV-1 RNA (viral load)',
        loinc: ['20447-9', '25836-8'],
        comparison: 'detected',
        threshold: 0,
        unit: '{copies}/mL',
        conversions: [],
      },
    ],
    sources: [
      {
        reference:
          'CDC, Revised Surveillance Case Definition for HIV Infection, MMWR 2014;63(RR-03)',
        detail:
          'A detectable quantitative HIV-1 nucleic acid test (viral load) establishes HIV infection',
        url: 'https://www.cdc.gov/mmwr/preview/mmwrhtml/rr6303a1.htm',
      },
      loinc('20447-9, 25836-8 HIV 1 RNA [#/volume] in Serum or Plasma by NAA'),
    ],
  },
];
