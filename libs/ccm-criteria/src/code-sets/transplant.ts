/**
 * Major organ transplant. Per organ: the transplant procedure (ICD-10-PCS root operation
 * Transplantation "Y" for solid organs; Transfusion of stem cells for hematopoietic cell
 * transplant), CPT, the MS-DRG, and the ICD-10-CM status (Z94.x) and complication (T86.x) codes
 * that show a transplanted organ on later claims. ICD-10-PCS specs are prefixes: `0TY00Z` covers
 * 0TY00Z0 allogeneic, 0TY00Z1 syngeneic and 0TY00Z2 zooplastic.
 */
import { cptHcpcs, icd10cm, icd10pcs, msdrg } from './references';
import type { TransplantGroup } from './schema';

export const TRANSPLANT_2025_1: TransplantGroup[] = [
  {
    id: 'heart',
    label: 'Heart transplant',
    kind: 'organ',
    codes: {
      'ICD-10-PCS': ['02YA0Z'],
      'CPT-HCPCS': ['33945'],
      'MS-DRG': ['001', '002'],
      'ICD-10-CM': ['Z941', 'T862'],
    },
    sources: [
      icd10pcs('02YA0Z0–02YA0Z2 Transplantation of heart, open approach'),
      cptHcpcs('33945 Heart transplant, with or without recipient cardiectomy'),
      msdrg('001/002 Heart transplant or implant of heart assist system with/without MCC'),
      icd10cm('Z94.1 Heart transplant status; T86.2x Complications of heart transplant'),
    ],
    note: 'MS-DRG 001/002 also group implants of a heart assist system (LVAD); the evidence names the DRG so a case manager can tell.',
  },
  {
    id: 'heart-lung',
    label: 'Heart-lung transplant',
    kind: 'organ',
    codes: { 'CPT-HCPCS': ['33935'], 'ICD-10-CM': ['Z943', 'T863'] },
    sources: [
      cptHcpcs('33935 Heart-lung transplant with recipient cardiectomy-pneumonectomy'),
      icd10cm(
        'Z94.3 Heart and lungs transplant status; T86.3x Complications of heart-lung transplant',
      ),
    ],
  },
  {
    id: 'lung',
    label: 'Lung transplant',
    kind: 'organ',
    codes: {
      'ICD-10-PCS': [
        '0BYC0Z',
        '0BYD0Z',
        '0BYF0Z',
        '0BYG0Z',
        '0BYH0Z',
        '0BYJ0Z',
        '0BYK0Z',
        '0BYL0Z',
        '0BYM0Z',
      ],
      'CPT-HCPCS': ['32851-32854'],
      'MS-DRG': ['007'],
      'ICD-10-CM': ['Z942', 'T8681'],
    },
    sources: [
      icd10pcs('0BYC–0BYM Transplantation of lung lobes, lung, bilateral lungs, open approach'),
      cptHcpcs('32851–32854 Lung transplant, single or double'),
      msdrg('007 Lung transplant'),
      icd10cm('Z94.2 Lung transplant status; T86.81x Complications of lung transplant'),
    ],
  },
  {
    id: 'liver',
    label: 'Liver transplant',
    kind: 'organ',
    codes: {
      'ICD-10-PCS': ['0FY00Z'],
      'CPT-HCPCS': ['47135'],
      'MS-DRG': ['005', '006'],
      'ICD-10-CM': ['Z944', 'T864'],
    },
    sources: [
      icd10pcs('0FY00Z0–0FY00Z2 Transplantation of liver, open approach'),
      cptHcpcs('47135 Liver allotransplantation, orthotopic'),
      msdrg('005/006 Liver transplant with MCC or intestinal transplant / without MCC'),
      icd10cm('Z94.4 Liver transplant status; T86.4x Complications of liver transplant'),
    ],
  },
  {
    id: 'kidney',
    label: 'Kidney transplant',
    kind: 'organ',
    codes: {
      'ICD-10-PCS': ['0TY00Z', '0TY10Z'],
      'CPT-HCPCS': ['50360', '50365'],
      'MS-DRG': ['650', '651', '652'],
      'ICD-10-CM': ['Z940', 'T861'],
    },
    sources: [
      icd10pcs('0TY00Z0–0TY10Z2 Transplantation of right/left kidney, open approach'),
      cptHcpcs('50360/50365 Renal allotransplantation'),
      msdrg('650–652 Kidney transplant (with hemodialysis with/without MCC; without hemodialysis)'),
      icd10cm('Z94.0 Kidney transplant status; T86.1x Complications of kidney transplant'),
    ],
  },
  {
    id: 'pancreas',
    label: 'Pancreas transplant (alone or with kidney)',
    kind: 'organ',
    codes: {
      'ICD-10-PCS': ['0FYG0Z'],
      'CPT-HCPCS': ['48554'],
      'MS-DRG': ['008', '010', '019'],
      'ICD-10-CM': ['Z9483'],
    },
    sources: [
      icd10pcs('0FYG0Z0–0FYG0Z2 Transplantation of pancreas, open approach'),
      cptHcpcs('48554 Transplantation of pancreatic allograft'),
      msdrg(
        '008 Simultaneous pancreas and kidney transplant; 010 Pancreas transplant; 019 Simultaneous pancreas and kidney transplant with hemodialysis',
      ),
      icd10cm('Z94.83 Pancreas transplant status'),
    ],
  },
  {
    id: 'intestine',
    label: 'Intestinal transplant',
    kind: 'organ',
    codes: {
      'ICD-10-PCS': ['0DY80Z', '0DYE0Z'],
      'CPT-HCPCS': ['44135', '44136'],
      'ICD-10-CM': ['Z9482', 'T8685'],
    },
    sources: [
      icd10pcs(
        '0DY80Z0–0DY80Z2 Transplantation of small intestine; 0DYE0Z0–0DYE0Z2 large intestine',
      ),
      cptHcpcs('44135/44136 Intestinal allotransplantation'),
      icd10cm('Z94.82 Intestine transplant status; T86.85x Complications of intestine transplant'),
    ],
    note: 'Intestinal transplant groups to MS-DRG 005 (listed under liver).',
  },
  {
    id: 'hematopoietic-stem-cell',
    label: 'Hematopoietic stem cell / bone marrow transplant',
    kind: 'organ',
    codes: {
      'ICD-10-PCS': ['30233G', '30233X', '30233Y', '30243G', '30243X', '30243Y'],
      'CPT-HCPCS': ['38240', '38241'],
      'MS-DRG': ['014', '016', '017'],
      'ICD-10-CM': ['Z9481', 'Z9484', 'T860'],
    },
    sources: [
      icd10pcs(
        '30233/30243 Transfusion into peripheral/central vein, percutaneous, of bone marrow (G), cord blood stem cells (X), hematopoietic stem cells (Y), any qualifier',
      ),
      cptHcpcs('38240 Allogeneic / 38241 Autologous hematopoietic progenitor cell transplantation'),
      msdrg(
        '014 Allogeneic bone marrow transplant; 016/017 Autologous bone marrow transplant with/without CC/MCC',
      ),
      icd10cm(
        'Z94.81 Bone marrow transplant status; Z94.84 Stem cells transplant status; T86.0x Complications of bone marrow transplant',
      ),
    ],
    note: 'Donor lymphocyte infusion (38242) and stem cell boost (38243) are not a transplant. Before FY2021 MS-DRG 016 also grouped CAR-T.',
  },
  {
    id: 'awaiting-transplant',
    label: 'Awaiting organ transplant',
    kind: 'awaiting',
    codes: { 'ICD-10-CM': ['Z7682'] },
    sources: [icd10cm('Z76.82 Awaiting organ transplant status')],
    note: 'Counts only when the criteria version enables `countAwaitingTransplant`.',
  },
];
