import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Eligibility's own tables (schema `eligibility`):
 * - `members`: names and birth date (PHI), from the newest coverage.updated of the member;
 * - `coverage_facts`: one row per (member, effective date), the newest event's statement wins;
 * - `member_spans`: the spans derived from the facts and the published version, for as-of reads;
 * - `caseload`: which case manager holds which member's case (from ccm.cases.v1).
 */
export class EligibilityTables1732100000000 implements MigrationInterface {
  name = 'EligibilityTables1732100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE members (
        member_id   text PRIMARY KEY,
        first_name  text NOT NULL,
        last_name   text NOT NULL,
        birth_date  date NOT NULL,
        event_id    text NOT NULL,
        event_time  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE coverage_facts (
        member_id                      text NOT NULL,
        effective_date                 date NOT NULL,
        termination_date               date,
        line_of_business               text NOT NULL,
        funding_type                   text NOT NULL,
        group_id                       text,
        group_name                     text,
        pharmacy_benefit_administrator text,
        pcp                            jsonb,
        state                          text,
        event_id                       text NOT NULL,
        event_time                     timestamptz NOT NULL,
        stored_at                      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, effective_date)
      )`);
    await queryRunner.query(`
      CREATE TABLE member_spans (
        member_id  text PRIMARY KEY,
        version    bigint NOT NULL,
        spans      jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE caseload (
        case_id         text PRIMARY KEY,
        member_id       text NOT NULL,
        case_manager_id text,
        status          text NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX caseload_member_manager ON caseload (member_id, case_manager_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE caseload`);
    await queryRunner.query(`DROP TABLE member_spans`);
    await queryRunner.query(`DROP TABLE coverage_facts`);
    await queryRunner.query(`DROP TABLE members`);
  }
}
