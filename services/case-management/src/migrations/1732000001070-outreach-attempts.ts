import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The case manager's attempts to reach a member (workspace), one row each, by case. */
export class OutreachAttempts1732000001070 implements MigrationInterface {
  name = 'OutreachAttempts1732000001070';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outreach_attempts (
        attempt_id    text PRIMARY KEY,
        case_id       text NOT NULL REFERENCES cases (case_id),
        member_id     text NOT NULL,
        channel       text NOT NULL,
        outcome       text NOT NULL,
        notes         text,
        recorded_by   text NOT NULL,
        recorder_name text NOT NULL,
        attempted_at  timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX outreach_attempts_case ON outreach_attempts (case_id, attempted_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outreach_attempts`);
  }
}
