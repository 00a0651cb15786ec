/**
 * The `data` of the consumed events this library reads, as in /work/shared/spec/interface.md.
 * Structural types only (the service validates the envelope and data with @careflow/contracts);
 * unknown extra fields are ignored. Dates are `YYYY-MM-DD`.
 */
import type { IsoDate } from './dates';

/** `claims.medical.v1` / `claim.adjudicated` */
export interface MedicalClaimData {
  claimId: string;
  memberId: string;
  claimType: 'institutional-inpatient' | 'institutional-outpatient' | 'professional';
  status: 'paid' | 'denied' | 'reversed';
  serviceFrom: IsoDate;
  serviceTo?: IsoDate | null;
  admissionDate?: IsoDate | null;
  dischargeDate?: IsoDate | null;
  facilityNpi?: string | null;
  /** ICD-10-CM, principal first. */
  diagnosisCodes: readonly string[];
  /** CPT/HCPCS. */
  procedureCodes?: readonly string[] | null;
  icd10PcsCodes?: readonly string[] | null;
  /** MS-DRG. */
  drg?: string | null;
}

/** `adt.discharges.v1` / `patient.discharged` */
export interface DischargeData {
  encounterId: string;
  memberId: string;
  facilityNpi: string;
  admissionDate: IsoDate;
  dischargeDate: IsoDate;
  /** ICD-10-CM, principal first. */
  diagnosisCodes: readonly string[];
  dischargeDisposition?: string | null;
}

/** `claims.pharmacy.v1` / `pharmacy-claim.adjudicated` */
export interface PharmacyClaimData {
  claimId: string;
  memberId: string;
  status: 'paid' | 'reversed';
  fillDate: IsoDate;
  ndc: string;
  drugName?: string | null;
  daysSupply?: number | null;
  pharmacyChannel: 'retail' | 'mail-order' | 'specialty';
}

/** `encounters.v1` / `encounter.recorded` */
export interface EncounterData {
  encounterId: string;
  memberId: string;
  serviceDate: IsoDate;
  diagnosisCodes: readonly string[];
  procedureCodes?: readonly string[] | null;
}

/** `labs.results.v1` / `lab-result.reported` */
export interface LabResultData {
  resultId: string;
  memberId: string;
  loinc: string;
  value?: string | number | null;
  unit?: string | null;
  abnormalFlag?: string | null;
  resultDate: IsoDate;
}

/** `mtm.events.v1` / `mtm.review.completed` */
export interface MtmReviewData {
  reviewId: string;
  memberId: string;
  reviewDate: IsoDate;
  medicationCount?: number | null;
  problems?: readonly unknown[] | null;
}

/** One incoming event, discriminated by the topic it came from. */
export type ClinicalEvent =
  | { kind: 'medical-claim'; data: MedicalClaimData }
  | { kind: 'adt-discharge'; data: DischargeData }
  | { kind: 'pharmacy-claim'; data: PharmacyClaimData }
  | { kind: 'encounter'; data: EncounterData }
  | { kind: 'lab-result'; data: LabResultData }
  | { kind: 'mtm-review'; data: MtmReviewData };

export type ClinicalEventKind = ClinicalEvent['kind'];

/** The topic each event kind is consumed from. */
export const CLINICAL_EVENT_TOPICS: Record<ClinicalEventKind, string> = {
  'medical-claim': 'claims.medical.v1',
  'adt-discharge': 'adt.discharges.v1',
  'pharmacy-claim': 'claims.pharmacy.v1',
  encounter: 'encounters.v1',
  'lab-result': 'labs.results.v1',
  'mtm-review': 'mtm.events.v1',
};
