import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PlanToday } from '../common/plan-today';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { DataSource } from 'typeorm';
import { describeError } from '@careflow/messaging';
import { JsonLogger } from '@careflow/platform';
import { CasesService } from '../cases/cases.service';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { MONTHLY_REVIEW_ACTOR } from '../common/actor';
import { MonthlyReview, monthOf, ReviewAlreadyRunningError } from './monthly-review.service';

/** The two scheduled jobs, with their cron expressions from configuration (`off` disables). */
@Injectable()
export class Schedules implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MonthlyReview) private readonly reviews: MonthlyReview,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.add('monthly-review', this.config.MONTHLY_REVIEW_CRON, () => this.monthlyReview());
    this.add('assessment-overdue', this.config.ASSESSMENT_OVERDUE_CRON, () => this.overdueCheck());
  }

  async onApplicationShutdown(): Promise<void> {
    for (const name of this.registry.getCronJobs().keys()) {
      await this.registry.getCronJob(name).stop();
    }
    await this.reviews.settled();
  }

  private add(name: string, expression: string, run: () => Promise<void>): void {
    if (expression === 'off') return;
    const job = CronJob.from({
      cronTime: expression,
      timeZone: this.today.calendar.timeZone,
      onTick: () => {
        run().catch((error: unknown) =>
          this.logger.error('scheduled job failed', {
            job: name,
            ...describeError(error),
          }),
        );
      },
    });
    this.registry.addCronJob(name, job);
    job.start();
  }

  async monthlyReview(): Promise<void> {
    try {
      await this.reviews.start(monthOf(this.today.date()), MONTHLY_REVIEW_ACTOR, {
        scheduled: true,
      });
    } catch (error) {
      if (!(error instanceof ReviewAlreadyRunningError)) throw error;
    }
  }

  async overdueCheck(): Promise<void> {
    const rows = await this.dataSource.transaction((manager) =>
      this.cases.markOverdueAssessments(manager),
    );
    if (rows.length > 0) this.logger.info('assessments overdue', { flagged: rows.length });
  }
}
