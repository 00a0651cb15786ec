import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each coverage change looks up its members' not-eligible decisions (a retroactive change
 * re-decides them): a small partial index keeps that lookup off the whole decisions table.
 */
export class NotEligibleDecisionsByMember1732000002300 implements MigrationInterface {
  name = 'NotEligibleDecisionsByMember1732000002300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX routing_decisions_not_eligible_member ON routing_decisions (member_id)
         WHERE outcome = 'not-eligible'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX routing_decisions_not_eligible_member`);
  }
}
