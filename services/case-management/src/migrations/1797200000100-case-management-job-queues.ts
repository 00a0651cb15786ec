import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createJobQueues } from '@careflow/platform';
import { MONTHLY_REVIEW_JOB } from '../reviews/monthly-review.service';
import { ASSESSMENT_OVERDUE_JOB } from '../reviews/schedules';

/** The service's background jobs on the platform's job queue (tables of JobQueueTables). */
export class CaseManagementJobQueues1797200000100 implements MigrationInterface {
  name = 'CaseManagementJobQueues1797200000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createJobQueues(queryRunner, [MONTHLY_REVIEW_JOB, ASSESSMENT_OVERDUE_JOB]);
  }

  async down(): Promise<void> {
    // The queues go with the job tables (JobQueueTables' down).
  }
}
