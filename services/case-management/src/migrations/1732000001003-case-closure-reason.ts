import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why the service closed a case (`coverage-ended`, `criteria-no-longer-met`), published on ccm.cases.v1. */
export class CaseClosureReason1732000001003 implements MigrationInterface {
  name = 'CaseClosureReason1732000001003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cases ADD COLUMN closure_reason text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cases DROP COLUMN closure_reason`);
  }
}
