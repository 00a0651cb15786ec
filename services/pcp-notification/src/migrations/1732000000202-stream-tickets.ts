import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createStreamTicketsTable, dropStreamTicketsTable } from '@careflow/platform';

/** The feed stream's tickets (the platform's `stream_tickets` table). */
export class StreamTickets1732000000202 implements MigrationInterface {
  name = 'StreamTickets1732000000202';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createStreamTicketsTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropStreamTicketsTable(queryRunner);
  }
}
