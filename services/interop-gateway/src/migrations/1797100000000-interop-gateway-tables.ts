import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's memory of what it received (schema `interop_gateway`), so a file sent twice
 * publishes nothing new:
 * - `x12_interchanges`: one row per interchange accepted for reading, by the SHA-256 of its
 *   content and by sender and ISA13 control number, with the acknowledgment it was answered;
 * - `x12_transaction_sets`: one row per transaction set read, by the SHA-256 of its sender and
 *   segments: a set already published is not published again, whatever interchange carries it.
 * No PHI is stored: hashes, control numbers and counts only.
 */
export class InteropGatewayTables1797100000000 implements MigrationInterface {
  name = 'InteropGatewayTables1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE x12_interchanges (
        content_sha256     text PRIMARY KEY,
        sender_id          text NOT NULL,
        control_number     text NOT NULL,
        channel            text NOT NULL,
        acknowledgment     text,
        received_at        timestamptz NOT NULL,
        UNIQUE (sender_id, control_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE x12_transaction_sets (
        set_sha256         text PRIMARY KEY,
        interchange_sha256 text NOT NULL REFERENCES x12_interchanges (content_sha256),
        group_control      text NOT NULL,
        set_control        text NOT NULL,
        set_type           text NOT NULL,
        file_kind          text,
        events_published   integer NOT NULL,
        received_at        timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE SEQUENCE acknowledgment_control_numbers MAXVALUE 999999999 CYCLE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE acknowledgment_control_numbers`);
    await queryRunner.query(`DROP TABLE x12_transaction_sets`);
    await queryRunner.query(`DROP TABLE x12_interchanges`);
  }
}
