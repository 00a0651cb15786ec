import { z } from 'zod';
import { icd10cm, identifier, isoDate, list, memberId, npi } from '../../primitives';
import { defineTopic } from '../../topic';

/**
 * What happened to a hospital stay, by HL7 v2.5.1 chapter 3 trigger event: `admitted` (ADT^A01,
 * 3.3.1 admit/visit notification: an inpatient stay began), `admission-cancelled` (ADT^A11,
 * 3.3.11 cancel admit: the A01 was entered in error or the admission did not happen),
 * `discharge-cancelled` (ADT^A13, 3.3.13 cancel discharge: the A03 was entered in error or the
 * patient stays; the discharge published on adt.discharges.v1 no longer holds).
 */
export const HOSPITAL_STAY_CHANGES = [
  'admitted',
  'admission-cancelled',
  'discharge-cancelled',
] as const;
export type HospitalStayChange = (typeof HOSPITAL_STAY_CHANGES)[number];

export const hospitalStayChangedData = z
  .object({
    encounterId: identifier.describe(
      'The visit (HL7 PV1-19), the encounterId of the discharge on adt.discharges.v1 it relates to.',
    ),
    memberId,
    change: z.enum(HOSPITAL_STAY_CHANGES),
    facilityNpi: npi.nullish(),
    admissionDate: isoDate
      .nullish()
      .describe('When the stay began (HL7 PV1-44); required when change is admitted.'),
    diagnosisCodes: list(icd10cm, 25)
      .nullish()
      .describe(
        'Admitting or working ICD-10-CM diagnoses, principal first, when the hospital sent them.',
      ),
  })
  .superRefine((data, ctx) => {
    if (data.change === 'admitted' && !data.admissionDate)
      ctx.addIssue({
        code: 'custom',
        path: ['admissionDate'],
        message: 'required when change is admitted',
        input: data.admissionDate,
      });
  });
export type HospitalStayChanged = z.output<typeof hospitalStayChangedData>;

export const adtStaysTopic = defineTopic({
  name: 'adt.stays.v1',
  eventType: 'hospital-stay.changed',
  direction: 'consumed',
  publishedUpstreamBy: 'hospitals-adt',
  summary:
    'Hospital admissions (ADT A01) and cancellations of an admission (A11) or of a discharge (A13) from hospitals and the HIE; discharges themselves are on adt.discharges.v1. Addition to interface.md.',
  data: hospitalStayChangedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
