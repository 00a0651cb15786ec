import { z } from 'zod';
import { caseManagerContact } from '../../common';
import { identifier, list, memberId } from '../../primitives';
import {
  CASE_CLOSURE_REASONS,
  CASE_STATUSES,
  ccmCriterionId,
  CCM_CRITERION_IDS,
  IDENTIFICATION_SOURCES,
} from '../../reference';
import { defineTopic } from '../../topic';

export const ccmCaseChangedData = z.object({
  caseId: identifier,
  memberId,
  status: z.enum(CASE_STATUSES),
  identificationSources: list(z.enum(IDENTIFICATION_SOURCES), IDENTIFICATION_SOURCES.length),
  criteriaMet: list(ccmCriterionId, CCM_CRITERION_IDS.length),
  caseManager: caseManagerContact
    .nullable()
    .describe('The assigned case manager; null if none yet.'),
  closureReason: z
    .enum(CASE_CLOSURE_REASONS)
    .nullish()
    .describe(
      'Why the service closed the case (`coverage-ended`: the member has no coverage today; `criteria-no-longer-met`); absent or null otherwise. Optional addition.',
    ),
});
export type CcmCaseChanged = z.output<typeof ccmCaseChangedData>;

export const ccmCasesTopic = defineTopic({
  name: 'ccm.cases.v1',
  eventType: 'ccm.case.changed',
  direction: 'produced',
  summary: 'Complex case management cases: one event each time a case opens or changes status.',
  data: ccmCaseChangedData,
  keyOf: (d) => d.memberId,
  producedBy: ['case-management'],
  consumedBy: ['eligibility', 'pcp-notification'],
});
