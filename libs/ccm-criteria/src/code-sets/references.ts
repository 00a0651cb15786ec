/** The references code-set data cites. */
import type { CodeSource } from './schema';

export const SOURCE_DOCUMENT =
  'Blue Shield of California Promise Health Plan, "Complex Case Management Program" (004_bc7f8c9b8722c25c)';

export const CCW = 'CMS Chronic Conditions Data Warehouse (CCW) condition algorithms';
export const CCW_URL = 'https://www2.ccwdata.org/web/guest/condition-categories';
export const AHRQ_CCIR = 'AHRQ HCUP Chronic Condition Indicator Refined (CCIR) for ICD-10-CM';
export const AHRQ_CCIR_URL =
  'https://hcup-us.ahrq.gov/toolssoftware/chronic_icd10/chronic_icd10.jsp';
export const AHRQ_CCSR =
  'AHRQ HCUP Clinical Classifications Software Refined (CCSR) for ICD-10-CM diagnoses';
export const AHRQ_CCSR_URL = 'https://hcup-us.ahrq.gov/toolssoftware/ccsr/dxccsr.jsp';
export const ICD10CM = 'ICD-10-CM Tabular List of Diseases and Injuries (CDC/NCHS), FY2025';
export const ICD10PCS = 'ICD-10-PCS Tables (CMS), FY2025';
export const MSDRG = 'CMS MS-DRG Definitions Manual, v42 (FY2025)';
export const CPT_HCPCS = 'AMA CPT code set / CMS HCPCS Level II code set, 2025';

export function doc(detail: string): CodeSource {
  return { reference: SOURCE_DOCUMENT, detail };
}
export function ccw(detail: string): CodeSource {
  return { reference: CCW, detail, url: CCW_URL };
}
export function ccir(detail: string): CodeSource {
  return { reference: AHRQ_CCIR, detail, url: AHRQ_CCIR_URL };
}
export function ccsr(detail: string): CodeSource {
  return { reference: AHRQ_CCSR, detail, url: AHRQ_CCSR_URL };
}
export function icd10cm(detail: string): CodeSource {
  return { reference: ICD10CM, detail };
}
export function icd10pcs(detail: string): CodeSource {
  return { reference: ICD10PCS, detail };
}
export function msdrg(detail: string): CodeSource {
  return { reference: MSDRG, detail };
}
export function cptHcpcs(detail: string): CodeSource {
  return { reference: CPT_HCPCS, detail };
}
