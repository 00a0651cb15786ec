import { z } from 'zod';
import { caseManagerContact } from '../../common';
import { identifier, label, memberId, npi, timestamp, url } from '../../primitives';
import { NOTIFICATION_KINDS, NOTIFICATION_STATUSES } from '../../reference';
import { defineTopic } from '../../topic';

export const pcpNotificationIssuedData = z.object({
  notificationId: identifier,
  memberId,
  caseId: identifier,
  kind: z.enum(NOTIFICATION_KINDS),
  pcp: z
    .object({ npi, name: label(200) })
    .nullable()
    .describe("The member's primary care provider; null if coverage names none."),
  caseManager: caseManagerContact.nullable().describe('Who the PCP contacts about the member.'),
  letterUrl: url.nullable().describe('The letter, for written kinds; null for calls.'),
  dueBy: timestamp.nullable().describe('When the call is due, for calls; null for letters.'),
  status: z.enum(NOTIFICATION_STATUSES),
  delivery: z
    .object({
      status: z
        .enum(['delivered', 'failed'])
        .describe(
          '`delivered`: the letter reached the PCP (status `sent`); `failed`: every delivery attempt failed and none is left (the letter keeps status `pending`).',
        ),
      attempts: z.int().min(1).max(1000),
    })
    .nullish()
    .describe(
      'For letters: how their delivery ended. A letter is announced when delivered and, once, when its last allowed attempt failed (event id `<notificationId>:delivery-failed`). Absent for calls. Optional addition.',
    ),
});
export type PcpNotificationIssued = z.output<typeof pcpNotificationIssuedData>;

export const pcpNotificationsTopic = defineTopic({
  name: 'pcp.notifications.v1',
  eventType: 'pcp.notification.issued',
  direction: 'produced',
  summary: "Notifications to the member's primary care provider: letters and calls.",
  data: pcpNotificationIssuedData,
  keyOf: (d) => d.memberId,
  producedBy: ['pcp-notification'],
  consumedBy: ['case-management'],
});
