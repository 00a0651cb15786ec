import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts a letter states (member, PCP, coverage, case manager, update, program), recorded in
 * the transaction that issues it. The PDF is rendered from them after that transaction commits,
 * so no letter is rendered while the members' locks are held; `letter_pdf` stays empty until
 * then (older letters were rendered at issue and have no facts).
 */
export class LetterFacts1732000000204 implements MigrationInterface {
  name = 'LetterFacts1732000000204';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifications ADD COLUMN letter_facts jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifications DROP COLUMN letter_facts`);
  }
}
