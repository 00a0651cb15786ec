import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createStreamTicketsTable, dropStreamTicketsTable } from '@careflow/platform';

/** The workspace stream's tickets (the platform's `stream_tickets` table). */
export class WorkspaceStreamTickets1797300000100 implements MigrationInterface {
  name = 'WorkspaceStreamTickets1797300000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createStreamTicketsTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropStreamTicketsTable(queryRunner);
  }
}
