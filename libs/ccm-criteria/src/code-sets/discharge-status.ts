/**
 * NUBC UB-04 patient discharge status (form locator 17, two digits; the same values travel in the
 * X12 837I CL103 and, in US HL7 v2 feeds, PV1-36 discharge disposition, HL7 table 0112, which is
 * user-defined and in practice carries the UB-04 codes). Claims carry it as `dischargeStatus`
 * (claims.medical.v1), ADT discharges as `dischargeDisposition` (a code or, from some senders,
 * text such as "home").
 *
 * A stay followed by an admission on the same or the next day continues the episode (a transfer,
 * not a readmission) when its status sends the patient to another inpatient hospital setting:
 * the acute-care transfers of the CMS readmission measures (02 short-term hospital, 05 cancer or
 * children's hospital, 43 federal hospital, 66 critical access hospital: "transfers ... to another
 * acute care hospital" are one episode, CMS Hospital-Wide Readmission measure methodology) and the
 * hospital-level post-acute destinations of the CMS IPPS transfer policy, 42 CFR 412.4(b)–(c)
 * (61 swing bed, 62 inpatient rehabilitation facility, 63 long-term care hospital, 65 psychiatric
 * hospital), whose next inpatient record is that hospital's own stay. Codes 82–95 (NUBC, effective
 * 2013-10-01) are the same destinations "with a planned acute care hospital inpatient
 * readmission": 82, 85, 88, 89, 90, 91, 93, 94 are transfers; 83 (SNF), 84 (custodial), 86 (home
 * health), 87 (court/law enforcement), 92 (Medicaid nursing facility) and 95 (other institution)
 * are not hospitals, like their 03, 04, 06, 21, 64, 70, so an admission after them is a readmission.
 */
import type { CodeSource } from './schema';

export const UB04_DISCHARGE_STATUS_VERSION = 'NUBC UB-04 Data Specifications Manual, FL17 (2025)';

/** The NUBC patient discharge status code list (FL17). */
export const UB04_DISCHARGE_STATUS: Readonly<Record<string, string>> = {
  '01': 'Discharged to home or self care (routine discharge)',
  '02': 'Discharged/transferred to a short-term general hospital for inpatient care',
  '03': 'Discharged/transferred to a skilled nursing facility (SNF) with Medicare certification',
  '04': 'Discharged/transferred to a facility that provides custodial or supportive care',
  '05': "Discharged/transferred to a designated cancer center or children's hospital",
  '06': 'Discharged/transferred to home under care of an organized home health service',
  '07': 'Left against medical advice or discontinued care',
  '09': 'Admitted as an inpatient to this hospital',
  '20': 'Expired',
  '21': 'Discharged/transferred to court/law enforcement',
  '30': 'Still patient',
  '40': 'Expired at home (hospice claims)',
  '41': 'Expired in a medical facility (hospice claims)',
  '42': 'Expired, place unknown (hospice claims)',
  '43': 'Discharged/transferred to a federal health care facility',
  '50': 'Hospice - home',
  '51': 'Hospice - medical facility (certified) providing hospice level of care',
  '61': 'Discharged/transferred to a hospital-based Medicare approved swing bed',
  '62': 'Discharged/transferred to an inpatient rehabilitation facility (IRF)',
  '63': 'Discharged/transferred to a Medicare certified long term care hospital (LTCH)',
  '64': 'Discharged/transferred to a nursing facility certified under Medicaid but not Medicare',
  '65': 'Discharged/transferred to a psychiatric hospital or psychiatric distinct part unit',
  '66': 'Discharged/transferred to a critical access hospital (CAH)',
  '69': 'Discharged/transferred to a designated disaster alternative care site',
  '70': 'Discharged/transferred to another type of health care institution not defined elsewhere',
  '81': 'Home or self care, with a planned acute care hospital inpatient readmission',
  '82': 'Short-term general hospital, with a planned acute care hospital inpatient readmission',
  '83': 'SNF with Medicare certification, with a planned acute care hospital inpatient readmission',
  '84': 'Custodial or supportive care facility, with a planned acute care hospital inpatient readmission',
  '85': "Designated cancer center or children's hospital, with a planned acute care hospital inpatient readmission",
  '86': 'Home under care of home health service, with a planned acute care hospital inpatient readmission',
  '87': 'Court/law enforcement, with a planned acute care hospital inpatient readmission',
  '88': 'Federal health care facility, with a planned acute care hospital inpatient readmission',
  '89': 'Hospital-based Medicare approved swing bed, with a planned acute care hospital inpatient readmission',
  '90': 'Inpatient rehabilitation facility, with a planned acute care hospital inpatient readmission',
  '91': 'Medicare certified LTCH, with a planned acute care hospital inpatient readmission',
  '92': 'Nursing facility certified under Medicaid, with a planned acute care hospital inpatient readmission',
  '93': 'Psychiatric hospital or unit, with a planned acute care hospital inpatient readmission',
  '94': 'Critical access hospital, with a planned acute care hospital inpatient readmission',
  '95': 'Another type of health care institution, with a planned acute care hospital inpatient readmission',
};

/** The statuses that make a same- or next-day admission a transfer (see the file comment). */
export const TRANSFER_DISCHARGE_STATUS: readonly string[] = [
  '02', '05', '43', '61', '62', '63', '65', '66',
  '82', '85', '88', '89', '90', '91', '93', '94',
]; // prettier-ignore

/**
 * ADT dispositions sent as text (PV1-36 from senders that do not use the codes), normalized to
 * lower case with single spaces, and the UB-04 code each stands for. Text not listed stays unknown.
 */
export const DISCHARGE_DISPOSITION_TEXT: Readonly<Record<string, string>> = {
  home: '01',
  'home or self care': '01',
  'self care': '01',
  routine: '01',
  'short-term hospital': '02',
  'short term hospital': '02',
  'acute care hospital': '02',
  'transfer to acute care': '02',
  'skilled nursing facility': '03',
  snf: '03',
  'intermediate care facility': '04',
  icf: '04',
  'custodial care': '04',
  'cancer center': '05',
  "children's hospital": '05',
  'home health': '06',
  'home health care': '06',
  'against medical advice': '07',
  'left against medical advice': '07',
  ama: '07',
  expired: '20',
  died: '20',
  deceased: '20',
  'court/law enforcement': '21',
  'law enforcement': '21',
  jail: '21',
  'still patient': '30',
  'federal health care facility': '43',
  'federal hospital': '43',
  'va hospital': '43',
  'hospice home': '50',
  'hospice - home': '50',
  'hospice facility': '51',
  'hospice - medical facility': '51',
  'swing bed': '61',
  'inpatient rehabilitation facility': '62',
  'rehab facility': '62',
  irf: '62',
  'long term care hospital': '63',
  'long-term care hospital': '63',
  ltch: '63',
  'nursing facility': '64',
  'psychiatric hospital': '65',
  'psychiatric unit': '65',
  'critical access hospital': '66',
  cah: '66',
  'other institution': '70',
};

export const DISCHARGE_STATUS_SOURCES: readonly CodeSource[] = [
  {
    reference: UB04_DISCHARGE_STATUS_VERSION,
    detail:
      'Patient discharge status code list (FL17), incl. the 81-95 "with a planned acute care hospital inpatient readmission" codes effective 2013-10-01',
    url: 'https://www.nubc.org/',
  },
  {
    reference: 'CMS Hospital-Wide All-Cause Unplanned Readmission measure methodology (2025)',
    detail:
      'Transfers: discharged from an acute-care hospital and admitted to another on the same or next day form one episode',
    url: 'https://qualitynet.cms.gov/inpatient/measures/readmission/methodology',
  },
  {
    reference: '42 CFR 412.4 (IPPS discharges and transfers)',
    detail:
      'Transfer to another hospital (b) and post-acute care transfers to IRF, LTCH, psychiatric hospital and swing bed (c)',
    url: 'https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-B/part-412/subpart-A/section-412.4',
  },
  {
    reference: 'HL7 v2.5.1 PV1-36 Discharge Disposition, user-defined table 0112',
    detail:
      'US senders carry the UB-04 codes; text dispositions mapped by DISCHARGE_DISPOSITION_TEXT',
    url: 'https://terminology.hl7.org/CodeSystem-v2-0112.html',
  },
];

/**
 * A disposition as it arrives (`2`, `02`, ` 02 `, or text such as `Home`) as the two-digit UB-04
 * code, or null when it is neither a code nor a listed text.
 */
export function normalizeDischargeStatus(value: string | null | undefined): string | null {
  const v = value?.trim() ?? '';
  if (/^\d{1,2}$/.test(v)) return v.padStart(2, '0');
  const text = v.toLowerCase().replace(/\s+/g, ' ');
  return DISCHARGE_DISPOSITION_TEXT[text] ?? null;
}

/** True when the UB-04 status sends the patient to another inpatient hospital setting. */
export function isAcuteTransferStatus(status: string | null): boolean {
  return status !== null && TRANSFER_DISCHARGE_STATUS.includes(status);
}
