/**
 * NUBC UB-04 patient discharge status codes (form locator 17; the same values travel in HL7 v2
 * PV1-36 and X12 837I CL103) that say the patient went to another acute-care hospital: a stay
 * that ends with one of these and is followed by an admission on the same or the next day is a
 * transfer, one episode of care, not a readmission (CMS readmission measures count the transfer
 * chain as one index stay). Codes 82–94 are the "with a planned acute care hospital inpatient
 * readmission" variants of the same destinations (NUBC, effective 2013-10-01).
 */
import type { CodeSource } from './schema';

export const UB04_DISCHARGE_STATUS_VERSION = 'NUBC UB-04 Data Specifications Manual, FL17 (2025)';

export const ACUTE_TRANSFER_DISCHARGE_STATUS: Readonly<Record<string, string>> = {
  '02': 'Discharged/transferred to a short-term general hospital for inpatient care',
  '05': "Discharged/transferred to a designated cancer center or children's hospital",
  '43': 'Discharged/transferred to a federal health care facility',
  '66': 'Discharged/transferred to a critical access hospital (CAH)',
  '82': 'Short-term general hospital, with a planned acute care hospital inpatient readmission',
  '85': "Designated cancer center or children's hospital, with a planned acute care hospital inpatient readmission",
  '88': 'Federal health care facility, with a planned acute care hospital inpatient readmission',
  '94': 'Critical access hospital, with a planned acute care hospital inpatient readmission',
};

export const DISCHARGE_STATUS_SOURCES: readonly CodeSource[] = [
  {
    reference: UB04_DISCHARGE_STATUS_VERSION,
    detail:
      'Patient discharge status codes 02, 05, 43, 66, 82, 85, 88, 94 (to an acute-care hospital)',
    url: 'https://www.nubc.org/',
  },
  {
    reference: 'CMS Hospital-Wide All-Cause Unplanned Readmission measure methodology (2025)',
    detail:
      'Transfers: discharged from an acute-care hospital and admitted to another on the same or next day form one episode',
    url: 'https://qualitynet.cms.gov/inpatient/measures/readmission/methodology',
  },
];

/** A disposition as it arrives (`2`, `02`, ` 02 `) as the two-digit UB-04 code, or null. */
export function normalizeDischargeStatus(value: string | null | undefined): string | null {
  const v = value?.trim() ?? '';
  if (!/^\d{1,2}$/.test(v)) return null;
  return v.padStart(2, '0');
}

/** True when the UB-04 status says the patient went to another acute-care hospital. */
export function isAcuteTransferStatus(status: string | null): boolean {
  return status !== null && status in ACUTE_TRANSFER_DISCHARGE_STATUS;
}
