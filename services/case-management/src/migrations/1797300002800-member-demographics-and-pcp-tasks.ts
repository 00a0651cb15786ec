import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the workspace's caseload shows beside a case that case-management learns from other
 * services' events:
 * - `member_demographics`: the member's name and birth date from eligibility's member-coverage
 *   snapshots (minimal PHI: nothing else of the member), newest version wins;
 * - `case_pcp_tasks`: pcp-notification's calls to the PCP and letters as last announced on
 *   `pcp.notifications.v1` (status, due time, whether delivery failed), one row per notification.
 * And for the caseload query: open cases by case manager with the columns it orders by.
 */
export class MemberDemographicsAndPcpTasks1797300002800 implements MigrationInterface {
  name = 'MemberDemographicsAndPcpTasks1797300002800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_demographics (
        member_id   text PRIMARY KEY,
        first_name  text NOT NULL,
        last_name   text NOT NULL,
        birth_date  date NOT NULL,
        version     bigint NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE case_pcp_tasks (
        notification_id  text PRIMARY KEY,
        case_id          text NOT NULL,
        member_id        text NOT NULL,
        kind             text NOT NULL,
        status           text NOT NULL,
        due_by           timestamptz,
        delivery_failed  boolean NOT NULL DEFAULT false,
        event_time       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // Only what is outstanding is looked up by case: calls still to make, letters that failed.
    await queryRunner.query(`
      CREATE INDEX case_pcp_tasks_outstanding ON case_pcp_tasks (case_id)
        WHERE status = 'pending' OR delivery_failed`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_pcp_tasks`);
    await queryRunner.query(`DROP TABLE member_demographics`);
  }
}
