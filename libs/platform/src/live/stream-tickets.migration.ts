import type { QueryRunner } from 'typeorm';

/**
 * The `stream_tickets` table a live stream's tickets are kept in (see `StreamTickets`):
 * short-lived, single-use, stored by their SHA-256 only (a read of the table yields no usable
 * ticket). In the database rather than in memory so a ticket issued by one instance opens a
 * stream on another. Each service with a live stream calls this from one of its migrations.
 */
export async function createStreamTicketsTable(queryRunner: QueryRunner): Promise<void> {
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

export async function dropStreamTicketsTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE IF EXISTS stream_tickets`);
}
