import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live-stream tickets: short-lived, single-use, stored by their SHA-256 only (a read of the table
 * yields no usable ticket). In the database rather than in memory so a ticket issued by one
 * instance opens a stream on another.
 */
export class StreamTickets1732000000202 implements MigrationInterface {
  name = 'StreamTickets1732000000202';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS stream_tickets (
        ticket_hash text PRIMARY KEY,
        principal jsonb NOT NULL,
        token_expires_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS stream_tickets_expiry ON stream_tickets (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS stream_tickets`);
  }
}
