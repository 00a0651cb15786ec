import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createJobQueues } from '@careflow/platform';
import { EXPIRE_HELD_REQUESTS_JOB, OVERDUE_DECISIONS_JOB } from '../housekeeping/housekeeping';

/** The service's background jobs on the platform's job queue (tables of JobQueueTables). */
export class AuthorizationRoutingJobQueues1797200000100 implements MigrationInterface {
  name = 'AuthorizationRoutingJobQueues1797200000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createJobQueues(queryRunner, [EXPIRE_HELD_REQUESTS_JOB, OVERDUE_DECISIONS_JOB]);
  }

  async down(): Promise<void> {
    // The queues go with the job tables (JobQueueTables' down).
  }
}
