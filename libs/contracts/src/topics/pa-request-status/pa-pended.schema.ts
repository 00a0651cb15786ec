import { z } from 'zod';
import { identifier, isoDate, label, list, memberId, text, timestamp } from '../../primitives';
import { defineTopic } from '../../topic';

/** Why a request cannot be decided yet. */
export const PA_PENDED_REASON_CODES = ['coverage-not-received'] as const;

export const paPendedData = z.object({
  requestId: identifier,
  memberId,
  status: z.literal('pended'),
  reasonCode: z.enum(PA_PENDED_REASON_CODES),
  reasons: list(text(1000), 10).describe('Why the request is pended, as human-readable sentences.'),
  dateOfService: isoDate,
  pendedAt: timestamp.describe('When the request was received and pended.'),
  decideBy: timestamp.describe(
    'When the request is decided at the latest: routed as soon as coverage arrives, not-eligible if none has arrived by then.',
  ),
  policyVersion: label(100).nullable().describe('The policy version that will decide it.'),
});
export type PaPended = z.output<typeof paPendedData>;

export const paRequestStatusTopic = defineTopic({
  name: 'pa.request-status.v1',
  eventType: 'pa.pended',
  direction: 'produced',
  summary:
    "A prior authorization request that cannot be decided yet (its member's coverage has not been received), published at once so integrators do not wait in silence; its decision follows on pa.routing-decisions.v1.",
  data: paPendedData,
  keyOf: (d) => d.memberId,
  producedBy: ['authorization-routing'],
});
