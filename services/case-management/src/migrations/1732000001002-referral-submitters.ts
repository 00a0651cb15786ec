import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who submitted each referral (a person's id, or `referral:<source>` for the intake topic): a
 * referral id reused by someone else is a conflict, answered without anything of the first one.
 * Referrals stored before have no submitter and conflict with every later submission of their id.
 */
export class ReferralSubmitters1732000001002 implements MigrationInterface {
  name = 'ReferralSubmitters1732000001002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE referrals ADD COLUMN submitted_by text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE referrals DROP COLUMN submitted_by`);
  }
}
