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
} from '../../primitives';
import { MEDICAL_CLAIM_STATUSES, MEDICAL_CLAIM_TYPES } from '../../reference';
import { defineTopic } from '../../topic';
import { notBefore } from '../refinements';

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
  })
  .superRefine(notBefore('serviceTo', 'serviceFrom'))
  .superRefine(notBefore('dischargeDate', 'admissionDate'));
export type ClaimAdjudicated = z.output<typeof claimAdjudicatedData>;

export const medicalClaimsTopic = defineTopic({
  name: 'claims.medical.v1',
  eventType: 'claim.adjudicated',
  direction: 'consumed',
  publishedUpstreamBy: 'claims',
  summary: 'Adjudicated medical claims (institutional and professional) from the claims system.',
  data: claimAdjudicatedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
