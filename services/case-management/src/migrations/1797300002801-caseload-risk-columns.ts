import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caseload's order kept on the case: the member's risk total as of a plan date and the
 * profile version (`clinical_profiles.updated_at`) it was computed from. A case whose date or
 * profile version differs is stale and is scored again by the next caseload read (so the event
 * path writes nothing more); the caseload then sorts and pages in SQL and reads the profiles of
 * the page only. Null until first scored.
 *
 * The caseload is every case not closed; `cases_open_by_manager` covers three statuses only, so
 * the planner could not use it for `status <> 'closed'` and scanned all cases. `cases_caseload`
 * finds a case manager's ~500 by index; PostgreSQL sorts them in memory in under a millisecond.
 */
export class CaseloadRiskColumns1797300002801 implements MigrationInterface {
  name = 'CaseloadRiskColumns1797300002801';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE cases
        ADD COLUMN risk_total integer,
        ADD COLUMN risk_as_of date,
        ADD COLUMN risk_profile_updated_at timestamptz`);
    await queryRunner.query(
      `CREATE INDEX cases_caseload ON cases (case_manager_id) WHERE status <> 'closed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX cases_caseload`);
    await queryRunner.query(`
      ALTER TABLE cases
        DROP COLUMN risk_total, DROP COLUMN risk_as_of, DROP COLUMN risk_profile_updated_at`);
  }
}
