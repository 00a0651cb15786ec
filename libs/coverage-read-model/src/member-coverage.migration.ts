import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The coverage read model table; services that consume coverage add this migration. */
export class MemberCoverageReadModel1732000000100 implements MigrationInterface {
  name = 'MemberCoverageReadModel1732000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_coverage (
        member_id  text PRIMARY KEY,
        version    bigint NOT NULL,
        spans      jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE member_coverage`);
  }
}
