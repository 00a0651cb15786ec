import { z } from 'zod';
import { identifier, isoDate, list, memberId, text } from '../../primitives';
import { defineTopic } from '../../topic';

export const mtmReviewCompletedData = z.object({
  reviewId: identifier,
  memberId,
  reviewDate: isoDate,
  medicationCount: z
    .number()
    .int()
    .min(0)
    .max(500)
    .nullish()
    .describe('Number of distinct medications reviewed.'),
  problems: list(text(500), 50).nullish().describe('Medication-related problems found, as text.'),
});
export type MtmReviewCompleted = z.output<typeof mtmReviewCompletedData>;

export const mtmEventsTopic = defineTopic({
  name: 'mtm.events.v1',
  eventType: 'mtm.review.completed',
  direction: 'consumed',
  publishedUpstreamBy: 'mtm',
  summary:
    'Completed comprehensive medication reviews of the Medication Therapy Management program.',
  data: mtmReviewCompletedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
