import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The member's name and birth date from eligibility's member-coverage events, printed on letters
 * so the PCP can recognise the patient. Kept apart from the coverage read model (shared by the
 * services that must not hold them) and only here, where letters are written.
 */
export class MemberIdentities1732000000203 implements MigrationInterface {
  name = 'MemberIdentities1732000000203';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_identities (
        member_id   text PRIMARY KEY,
        first_name  text NOT NULL,
        last_name   text NOT NULL,
        birth_date  date NOT NULL,
        version     bigint NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE member_identities`);
  }
}
