import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createJobQueues, deleteJobQueues } from '../jobs/job-queue.migration';

/** The queue of the periodic VACUUM / ANALYZE of a service's tables (see `maintainTables`). */
export const TABLE_MAINTENANCE_JOB = 'table-maintenance';

export class TableMaintenanceQueue1797500000000 implements MigrationInterface {
  name = 'TableMaintenanceQueue1797500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createJobQueues(queryRunner, [TABLE_MAINTENANCE_JOB]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await deleteJobQueues(queryRunner, [TABLE_MAINTENANCE_JOB]);
  }
}
