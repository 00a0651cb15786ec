import { z } from 'zod';
import { ccmCriterionId, isoDate, memberId, timestamp } from '@careflow/contracts';
import { REVIEW_OUTCOMES } from './monthly-review.repository';

/** What the monthly review routes answer. */
export const reviewSummaryAnswer = z.object({
  month: z.string().describe('YYYY-MM'),
  status: z.enum(['running', 'completed', 'failed']),
  asOf: isoDate.describe("The review date: the month's last day, or today for the current month."),
  requestedBy: z.string().describe('Who started it (the schedule is `monthly-review`).'),
  startedAt: timestamp,
  completedAt: timestamp.nullable(),
  membersScanned: z.number().int(),
  membersWithActiveCoverage: z.number().int(),
  counts: z.object({
    new: z.number().int(),
    stillEligible: z.number().int(),
    noLongerEligible: z.number().int(),
  }),
  casesOpened: z.number().int(),
  error: z.string().nullable().describe('Why a failed review failed.'),
});
export type ReviewSummary = z.input<typeof reviewSummaryAnswer>;

export const reviewListAnswer = z.object({
  reviews: z.array(reviewSummaryAnswer).describe('Newest month first.'),
  next: z.string().nullable().describe('Pass as `before` for the next page; null on the last.'),
});

export const reviewReportAnswer = reviewSummaryAnswer.extend({
  members: z.array(
    z.object({
      memberId,
      outcome: z.enum(REVIEW_OUTCOMES),
      criteriaMet: z.array(ccmCriterionId),
    }),
  ),
  next: z.string().nullable().describe('Pass as `after` for the next page; null on the last.'),
});
export type ReviewReport = z.input<typeof reviewReportAnswer>;
