/**
 * "Same or similar diagnosis" groups for readmissions, for conditions that are commonly readmitted
 * and whose codes span several ICD-10-CM categories (heart failure is I50 but also I11.0 and I13.x).
 * Each group follows an AHRQ CCSR category (a curated subset, not the full CCSR mapping); a code in
 * no group is only similar to codes of its own 3-character category.
 */
import { PNEUMONIA_CCSR_RSP002 } from './chronic-conditions-2026';
import { ccsr } from './references';
import type { ClinicalGroup } from './schema';

export const CLINICAL_GROUPS_2025_1: ClinicalGroup[] = [
  {
    id: 'heart-failure',
    label: 'Heart failure',
    ccsr: ['CIR019'],
    codes: { 'ICD-10-CM': ['I50', 'I110', 'I130', 'I132', 'I0981'] },
    sources: [ccsr('CIR019 Heart failure')],
  },
  {
    id: 'acute-myocardial-infarction',
    label: 'Acute myocardial infarction',
    ccsr: ['CIR009'],
    codes: { 'ICD-10-CM': ['I21', 'I22'] },
    sources: [ccsr('CIR009 Acute myocardial infarction')],
  },
  {
    id: 'cardiac-dysrhythmia',
    label: 'Cardiac dysrhythmias',
    ccsr: ['CIR017'],
    codes: { 'ICD-10-CM': ['I47', 'I48', 'I49'] },
    sources: [ccsr('CIR017 Cardiac dysrhythmias')],
  },
  {
    id: 'cerebral-infarction',
    label: 'Cerebral infarction',
    ccsr: ['CIR020'],
    codes: { 'ICD-10-CM': ['I63'] },
    sources: [ccsr('CIR020 Cerebral infarction')],
  },
  {
    id: 'copd-bronchiectasis',
    label: 'COPD and bronchiectasis',
    ccsr: ['RSP008'],
    codes: { 'ICD-10-CM': ['J41', 'J42', 'J43', 'J44', 'J47'] },
    sources: [ccsr('RSP008 Chronic obstructive pulmonary disease and bronchiectasis')],
  },
  {
    id: 'asthma',
    label: 'Asthma',
    ccsr: ['RSP009'],
    codes: { 'ICD-10-CM': ['J45'] },
    sources: [ccsr('RSP009 Asthma')],
  },
  {
    id: 'pneumonia',
    label: 'Pneumonia',
    ccsr: ['RSP002'],
    codes: { 'ICD-10-CM': ['J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18'] },
    sources: [ccsr('RSP002 Pneumonia (except that caused by tuberculosis)')],
  },
  {
    id: 'respiratory-failure',
    label: 'Respiratory failure',
    ccsr: ['RSP012'],
    codes: { 'ICD-10-CM': ['J96'] },
    sources: [ccsr('RSP012 Respiratory failure; insufficiency; arrest')],
  },
  {
    id: 'septicemia',
    label: 'Septicemia',
    ccsr: ['INF002'],
    codes: { 'ICD-10-CM': ['A40', 'A41', 'R652'] },
    sources: [ccsr('INF002 Septicemia')],
  },
  {
    id: 'diabetes',
    label: 'Diabetes mellitus (with or without complication)',
    ccsr: ['END002', 'END003'],
    codes: { 'ICD-10-CM': ['E08', 'E09', 'E10', 'E11', 'E13'] },
    sources: [
      ccsr(
        'END002 Diabetes mellitus without complication; END003 Diabetes mellitus with complication',
      ),
    ],
  },
  {
    id: 'kidney-failure',
    label: 'Acute and chronic kidney failure',
    ccsr: ['GEN002', 'GEN003'],
    codes: { 'ICD-10-CM': ['N17', 'N18', 'N19'] },
    sources: [ccsr('GEN002 Acute and unspecified renal failure; GEN003 Chronic kidney disease')],
  },
  {
    id: 'urinary-tract-infection',
    label: 'Urinary tract infections',
    ccsr: ['GEN004'],
    codes: { 'ICD-10-CM': ['N10', 'N30', 'N390'] },
    sources: [ccsr('GEN004 Urinary tract infections')],
  },
  {
    id: 'skin-infection',
    label: 'Skin and subcutaneous tissue infections',
    ccsr: ['SKN001'],
    codes: { 'ICD-10-CM': ['L02', 'L03'] },
    sources: [ccsr('SKN001 Skin and subcutaneous tissue infections')],
  },
];

/**
 * 2026.1: the 2025.1 groups with pneumonia widened to the whole CCSR RSP002 category and the
 * CCSR categories of other conditions readmitted as the same illness under another code.
 */
export const CLINICAL_GROUPS_2026_1: ClinicalGroup[] = [
  ...CLINICAL_GROUPS_2025_1.map((g) =>
    g.id === 'pneumonia' ? { ...g, codes: { 'ICD-10-CM': PNEUMONIA_CCSR_RSP002 } } : g,
  ),
  {
    id: 'coronary-atherosclerosis',
    label: 'Coronary atherosclerosis and other chronic ischemic heart disease',
    ccsr: ['CIR011'],
    codes: { 'ICD-10-CM': ['I20', 'I24', 'I25'] },
    sources: [ccsr('CIR011 Coronary atherosclerosis and other heart disease')],
  },
  {
    id: 'aspiration-pneumonitis',
    label: 'Aspiration pneumonitis',
    ccsr: ['RSP010'],
    codes: { 'ICD-10-CM': ['J69'] },
    sources: [ccsr('RSP010 Aspiration pneumonitis')],
  },
  {
    id: 'gastrointestinal-hemorrhage',
    label: 'Gastrointestinal hemorrhage',
    ccsr: ['DIG021'],
    codes: {
      'ICD-10-CM': [
        'K920',
        'K921',
        'K922',
        'K250',
        'K252',
        'K254',
        'K256',
        'K260',
        'K262',
        'K264',
        'K266',
        'K270',
        'K274',
        'K280',
        'K284',
        'K625',
        'I8501',
        'I8511',
      ],
    },
    sources: [ccsr('DIG021 Gastrointestinal hemorrhage')],
  },
];
