import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CloudEvents id each decision was published with, so that a decision that supersedes it
 * (a retroactive coverage change) names the event it replaces (`supersedes.eventId`). Decisions
 * stored before this column have none.
 */
export class RoutingDecisionEventId1797200000200 implements MigrationInterface {
  name = 'RoutingDecisionEventId1797200000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE routing_decisions ADD COLUMN event_id text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE routing_decisions DROP COLUMN event_id`);
  }
}
