import { z } from 'zod';
import { icd10cm, identifier, isoDate, label, list, memberId, npi, text } from '../../primitives';
import { ccmCriterionId, CCM_CRITERION_IDS } from '../../reference';
import { defineTopic } from '../../topic';

/** An inpatient stay that counted towards a criterion. */
export const evidenceStay = z.object({
  sourceId: identifier.describe('The claim id or ADT encounter id the stay was built from.'),
  facilityNpi: npi.nullable(),
  admissionDate: isoDate,
  dischargeDate: isoDate.nullable(),
  principalDiagnosis: icd10cm.nullable(),
});

/** What satisfied one criterion: the claims, stays, codes and counts. */
export const criterionEvidence = z.object({
  criterionId: ccmCriterionId,
  summary: text(1000).describe('One sentence that says why the criterion is met.'),
  claimIds: list(identifier, 200),
  encounterIds: list(identifier, 200),
  stays: list(evidenceStay, 50),
  codes: list(label(20), 200).describe('Diagnosis, procedure or drug codes that matched.'),
  count: z
    .number()
    .int()
    .min(0)
    .max(100000)
    .nullable()
    .describe('The count the threshold applies to (admissions, conditions, prescriptions).'),
  windowStart: isoDate.nullable(),
  windowEnd: isoDate.nullable(),
});
export type CriterionEvidence = z.output<typeof criterionEvidence>;

export const ccmEvaluationData = z.object({
  evaluationId: identifier,
  memberId,
  trigger: z.object({
    source: label(100).describe(
      'What triggered the evaluation: the topic of the triggering event, or `scheduled-review`.',
    ),
    eventId: identifier.nullable().describe('The CloudEvent id of the triggering event.'),
  }),
  criteriaMet: list(ccmCriterionId, CCM_CRITERION_IDS.length),
  evidence: list(criterionEvidence, CCM_CRITERION_IDS.length).describe(
    'One entry per criterion met.',
  ),
  eligible: z.boolean().describe('Criteria met and coverage in force on the evaluation date.'),
  policyVersion: label(100),
});
export type CcmEvaluation = z.output<typeof ccmEvaluationData>;

export const ccmEvaluationsTopic = defineTopic({
  name: 'ccm.evaluations.v1',
  eventType: 'ccm.evaluated',
  direction: 'produced',
  summary:
    'Each evaluation of a member against the complex case management criteria, with evidence.',
  data: ccmEvaluationData,
  keyOf: (d) => d.memberId,
  producedBy: ['case-management'],
});
