import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createJobQueues } from '@careflow/platform';
import { CALL_ESCALATION_JOB } from '../notifications/escalation.worker';
import { LETTER_DELIVERY_JOB } from '../delivery/delivery.worker';

/** The service's background jobs on the platform's job queue (tables of JobQueueTables). */
export class PcpNotificationJobQueues1797200000100 implements MigrationInterface {
  name = 'PcpNotificationJobQueues1797200000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createJobQueues(queryRunner, [LETTER_DELIVERY_JOB, CALL_ESCALATION_JOB]);
  }

  async down(): Promise<void> {
    // The queues go with the job tables (JobQueueTables' down).
  }
}
