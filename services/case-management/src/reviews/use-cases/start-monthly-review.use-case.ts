import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { monthOf } from '@careflow/ccm-criteria';
import { parseCommand } from '@careflow/platform';
import type { Actor } from '../../common/actor';
import { PlanToday } from '../../common/plan-today';
import type { MonthlyReviewRecord } from '../monthly-review.repository';
import { MonthlyReview } from '../monthly-review.service';

export const reviewMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

const actor = z.object({ id: z.string().min(1), name: z.string() });

export interface StartMonthlyReviewCommand {
  /** `YYYY-MM`; absent: the month in progress. */
  readonly month?: string | undefined;
  readonly requestedBy: Actor;
}

/**
 * Runs the monthly identification review of a month now (in the background; the report is
 * polled). A month that has not started cannot be reviewed (400); a month whose review is running
 * is a conflict (409, `review-running`). The schedule starts the month in progress through
 * `MonthlyReview.start` with `scheduled` (see `Schedules`).
 */
@Injectable()
export class StartMonthlyReview {
  constructor(
    @Inject(MonthlyReview) private readonly reviews: MonthlyReview,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async execute(command: StartMonthlyReviewCommand): Promise<MonthlyReviewRecord> {
    const current = monthOf(this.today.date());
    const { month, requestedBy } = parseCommand(
      z.object({
        month: reviewMonth.refine((m) => m <= current, 'a month that has started').default(current),
        requestedBy: actor,
      }),
      command,
      'monthly review',
    );
    return this.reviews.start(month, requestedBy);
  }
}
