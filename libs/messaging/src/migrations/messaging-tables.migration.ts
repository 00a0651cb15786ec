import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox (CloudEvent ids already handled) and the outbox (events written in the same
 * transaction as the state they describe, relayed to Kafka afterwards). Every service includes
 * this migration in its own schema; the tables are unqualified and land in the schema that the
 * service's connection puts first on its search_path.
 */
export class MessagingTables1732000000000 implements MigrationInterface {
  name = 'MessagingTables1732000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox_events (
        event_id    text PRIMARY KEY,
        topic       text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX inbox_events_received_at ON inbox_events (received_at)`);
    await queryRunner.query(`
      CREATE TABLE outbox_events (
        id          bigserial PRIMARY KEY,
        event_id    text NOT NULL,
        topic       text NOT NULL,
        record_key  text NOT NULL,
        record_value text NOT NULL,
        headers     jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox_events`);
    await queryRunner.query(`DROP TABLE inbox_events`);
  }
}
