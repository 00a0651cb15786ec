import { z } from 'zod';
import { caseManagerContact } from '../../common';
import { identifier, label, memberId, timestamp } from '../../primitives';
import { defineTopic } from '../../topic';

export const clinicalStatusUpdatedData = z.object({
  updateId: identifier,
  caseId: identifier,
  memberId,
  conditionChanged: z
    .boolean()
    .describe("True when the member's condition changed: the PCP gets a call, not only a letter."),
  summary: label(10000).describe('The clinical status update, as the case manager wrote it.'),
  recordedBy: z.object({ id: identifier, name: label(200) }),
  recordedAt: timestamp,
  caseManager: caseManagerContact,
  origin: z
    .enum(['case-manager', 'hospital-stay'])
    .nullish()
    .describe(
      '`case-manager`: recorded by a person (a letter to the PCP); `hospital-stay`: the service saw an enrolled member admitted or discharged (ADT) and prompts the case manager to call the PCP, no letter. Absent means case-manager. Optional addition.',
    ),
  retracts: identifier
    .nullish()
    .describe(
      'The updateId of an earlier hospital-stay update this one withdraws, because the hospital cancelled the admission (ADT A11) or the discharge (A13) it reported: its prompt and pending PCP call are cancelled and nothing new is owed. Absent: nothing is withdrawn. Optional addition.',
    ),
});
export type ClinicalStatusUpdated = z.output<typeof clinicalStatusUpdatedData>;

export const clinicalStatusUpdatesTopic = defineTopic({
  name: 'ccm.clinical-status-updates.v1',
  eventType: 'ccm.clinical-status.updated',
  direction: 'internal',
  summary:
    'Clinical status updates recorded by case managers on enrolled cases, and hospital stays of enrolled members.',
  data: clinicalStatusUpdatedData,
  keyOf: (d) => d.memberId,
  producedBy: ['case-management'],
  consumedBy: ['pcp-notification'],
});
