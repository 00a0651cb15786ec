import { z } from 'zod';
import { icd10cm, identifier, isoDate, list, memberId, npi, text } from '../../primitives';
import { defineTopic } from '../../topic';
import { notBefore } from '../refinements';

export const patientDischargedData = z
  .object({
    encounterId: identifier,
    memberId,
    facilityNpi: npi,
    admissionDate: isoDate,
    dischargeDate: isoDate,
    diagnosisCodes: list(icd10cm, 25)
      .min(1)
      .describe('ICD-10-CM codes, principal diagnosis first.'),
    dischargeDisposition: text(100)
      .nullish()
      .describe('Discharge disposition (UB-04 patient status code or text), e.g. 01 home.'),
  })
  .superRefine(notBefore('dischargeDate', 'admissionDate'));
export type PatientDischarged = z.output<typeof patientDischargedData>;

export const adtDischargesTopic = defineTopic({
  name: 'adt.discharges.v1',
  eventType: 'patient.discharged',
  direction: 'consumed',
  publishedUpstreamBy: 'hospitals-adt',
  summary: 'Hospital discharge notifications (ADT A03) from hospitals and the HIE.',
  data: patientDischargedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
