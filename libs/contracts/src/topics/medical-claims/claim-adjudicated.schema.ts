import { z } from 'zod';
import {
  icd10cm,
  icd10pcs,
  identifier,
  isoDate,
  list,
  memberId,
  msDrg,
  npi,
  procedureCode,
  text,
} from '../../primitives';
import {
  CLAIM_DIAGNOSIS_ROLES,
  CLAIM_FREQUENCIES,
  CLAIM_STAGES,
  MEDICAL_CLAIM_STATUSES,
  MEDICAL_CLAIM_TYPES,
  PRESENT_ON_ADMISSION,
} from '../../reference';
import { defineTopic } from '../../topic';
import { notBefore } from '../refinements';

/** One diagnosis of the claim with its role and present-on-admission indicator (an 837's HI). */
export const claimDiagnosis = z.object({
  code: icd10cm,
  role: z.enum(CLAIM_DIAGNOSIS_ROLES),
  presentOnAdmission: z.enum(PRESENT_ON_ADMISSION).nullish(),
});

export const claimAdjudicatedData = z
  .object({
    claimId: identifier,
    memberId,
    claimType: z.enum(MEDICAL_CLAIM_TYPES),
    status: z.enum(MEDICAL_CLAIM_STATUSES),
    serviceFrom: isoDate,
    serviceTo: isoDate.nullish(),
    admissionDate: isoDate.nullish(),
    dischargeDate: isoDate.nullish(),
    facilityNpi: npi.nullish(),
    diagnosisCodes: list(icd10cm, 25)
      .min(1)
      .describe('ICD-10-CM codes, principal diagnosis first.'),
    procedureCodes: list(procedureCode, 100).nullish().describe('CPT or HCPCS codes.'),
    icd10PcsCodes: list(icd10pcs, 25).nullish(),
    drg: msDrg.nullish().describe('MS-DRG of an inpatient stay.'),
    dischargeStatus: z
      .string()
      .length(2)
      .regex(/^\d{2}$/, 'two digits')
      .nullish()
      .describe(
        'Patient discharge status of an institutional claim: UB-04 form locator 17, two digits from the NUBC code list (01 home, 02 short-term hospital, 62 inpatient rehabilitation facility …; X12 837I CL103). Tells a transfer from a readmission.',
      ),
    // Optional additions (docs/contract/interface.md: unknown extra fields are ignored).
    claimStage: z
      .enum(CLAIM_STAGES)
      .nullish()
      .describe(
        'adjudicated (absent means adjudicated: the claims system) or submitted (an X12 837 the provider sent, read by the interop gateway; no payer decision yet: status is then paid while the claim stands and reversed once voided).',
      ),
    claimFrequency: z
      .enum(CLAIM_FREQUENCIES)
      .nullish()
      .describe(
        'original, replacement or void (the claim frequency code, CLM05-3 of an 837). A replacement or void carries the claimId of the claim it corrects, so it replaces or removes that claim (latest wins).',
      ),
    diagnoses: list(claimDiagnosis, 40)
      .nullish()
      .describe(
        'Every diagnosis with its role (principal, other, admitting, reason-for-visit, external-cause) and present-on-admission indicator, in claim order.',
      ),
    admissionType: text(2)
      .nullish()
      .describe('UB-04 priority (type) of admission, e.g. 1 emergency (837I CL1-01).'),
    typeOfBill: z
      .string()
      .max(3)
      .regex(/^\d{3}$/, 'three digits')
      .nullish()
      .describe('UB-04 type of bill without the leading zero, e.g. 111 (837I CLM05).'),
    placeOfService: z
      .string()
      .max(2)
      .regex(/^\d{2}$/, 'two digits')
      .nullish()
      .describe('CMS place of service code, e.g. 11 office (837P CLM05-1).'),
    billingProviderNpi: npi.nullish(),
    renderingProviderNpi: npi.nullish(),
  })
  .superRefine(notBefore('serviceTo', 'serviceFrom'))
  .superRefine(notBefore('dischargeDate', 'admissionDate'));
export type ClaimAdjudicated = z.output<typeof claimAdjudicatedData>;
export type ClaimDiagnosis = z.output<typeof claimDiagnosis>;

export const medicalClaimsTopic = defineTopic({
  name: 'claims.medical.v1',
  eventType: 'claim.adjudicated',
  direction: 'consumed',
  publishedUpstreamBy: 'claims',
  summary:
    'Medical claims (institutional and professional): adjudicated by the claims system, or submitted as X12 837 through the interop gateway (claimStage submitted).',
  data: claimAdjudicatedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
