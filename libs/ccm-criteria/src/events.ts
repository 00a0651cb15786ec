/**
 * The `data` of the consumed events this library reads: the types inferred from the contract's
 * zod schemas (@careflow/contracts, /work/shared/spec/interface.md), so the library and the
 * service read one definition. The service validates the envelope and data before they get here.
 */
import type {
  ClaimAdjudicated,
  EncounterRecorded,
  HospitalStayChanged,
  LabResultReported,
  MtmReviewCompleted,
  PatientDischarged,
  PharmacyClaimAdjudicated,
} from '@careflow/contracts';

/** `claims.medical.v1` / `claim.adjudicated` */
export type MedicalClaimData = ClaimAdjudicated;
/** `adt.discharges.v1` / `patient.discharged` */
export type DischargeData = PatientDischarged;
/** `adt.stays.v1` / `hospital-stay.changed` with change `discharge-cancelled` (HL7 ADT^A13) */
export type DischargeCancelledData = HospitalStayChanged;
/** `claims.pharmacy.v1` / `pharmacy-claim.adjudicated` */
export type PharmacyClaimData = PharmacyClaimAdjudicated;
/** `encounters.v1` / `encounter.recorded` */
export type EncounterData = EncounterRecorded;
/** `labs.results.v1` / `lab-result.reported` */
export type LabResultData = LabResultReported;
/** `mtm.events.v1` / `mtm.review.completed` */
export type MtmReviewData = MtmReviewCompleted;

/** One incoming event, discriminated by the topic it came from. */
export type ClinicalEvent =
  | { kind: 'medical-claim'; data: MedicalClaimData }
  | { kind: 'adt-discharge'; data: DischargeData }
  | { kind: 'adt-discharge-cancelled'; data: DischargeCancelledData }
  | { kind: 'pharmacy-claim'; data: PharmacyClaimData }
  | { kind: 'encounter'; data: EncounterData }
  | { kind: 'lab-result'; data: LabResultData }
  | { kind: 'mtm-review'; data: MtmReviewData };

export type ClinicalEventKind = ClinicalEvent['kind'];

/** The topic each event kind is consumed from. */
export const CLINICAL_EVENT_TOPICS: Record<ClinicalEventKind, string> = {
  'medical-claim': 'claims.medical.v1',
  'adt-discharge': 'adt.discharges.v1',
  'adt-discharge-cancelled': 'adt.stays.v1',
  'pharmacy-claim': 'claims.pharmacy.v1',
  encounter: 'encounters.v1',
  'lab-result': 'labs.results.v1',
  'mtm-review': 'mtm.events.v1',
};
