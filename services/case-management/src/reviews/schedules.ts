import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue, JsonLogger } from '@careflow/platform';
import { PlanToday } from '../common/plan-today';
import { CasesService } from '../cases/cases.service';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { MONTHLY_REVIEW_ACTOR } from '../common/actor';
import {
  MonthlyReview,
  monthOf,
  MONTHLY_REVIEW_JOB,
  type MonthlyReviewJob,
} from './monthly-review.service';

export const ASSESSMENT_OVERDUE_JOB = 'assessment-overdue';

/**
 * The two scheduled jobs on the platform's job queue, with their cron expressions (in
 * PLAN_TIME_ZONE) from configuration (`off` removes the schedule). The queue fires each schedule
 * once across all instances and retries a review whose instance died.
 */
@Injectable()
export class Schedules implements OnModuleInit {
  constructor(
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MonthlyReview) private readonly reviews: MonthlyReview,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.jobs.register<MonthlyReviewJob>({
      name: MONTHLY_REVIEW_JOB,
      cron: this.config.MONTHLY_REVIEW_CRON,
      cronData: { scheduled: true },
      // One still running after its expiry is taken to have died with its instance and is run
      // again elsewhere.
      expireInSeconds: this.config.MONTHLY_REVIEW_EXPIRY_SECONDS,
      retryLimit: 3,
      retryDelaySeconds: this.config.MONTHLY_REVIEW_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      handler: ({ data }) => this.monthlyReview(data),
    });
    this.jobs.register({
      name: ASSESSMENT_OVERDUE_JOB,
      cron: this.config.ASSESSMENT_OVERDUE_CRON,
      // The next run looks again.
      retryLimit: 0,
      expireInSeconds: 600,
      handler: () => this.overdueCheck(),
    });
  }

  /**
   * A run of `monthly-review`. The cron's run names no month: it queues the current month's
   * review under that month's key, so it never runs beside an on-demand review of the same month.
   */
  async monthlyReview(request: MonthlyReviewJob = { scheduled: true }): Promise<void> {
    if (request.month === undefined) {
      const month = monthOf(this.today.date());
      const job: MonthlyReviewJob = { month, scheduled: true };
      await this.jobs.trigger(MONTHLY_REVIEW_JOB, job, { singletonKey: month });
      return;
    }
    await this.reviews.review(request.month, request.requestedBy ?? MONTHLY_REVIEW_ACTOR.id, {
      scheduled: request.scheduled ?? false,
    });
  }

  async overdueCheck(): Promise<void> {
    const rows = await this.dataSource.transaction((manager) =>
      this.cases.markOverdueAssessments(manager),
    );
    if (rows.length > 0) this.logger.info('assessments overdue', { flagged: rows.length });
  }
}
