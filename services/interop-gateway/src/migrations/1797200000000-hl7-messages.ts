import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's memory of the HL7 v2 messages it published, so a message sent again (the same
 * sending application and facility and MSH-10 message control id) publishes nothing new and is
 * answered with its first acknowledgment code. No PHI: control ids, type and counts only.
 */
export class Hl7Messages1797200000000 implements MigrationInterface {
  name = 'Hl7Messages1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hl7_messages (
        sender             text NOT NULL,
        control_id         text NOT NULL,
        message_type       text NOT NULL,
        events_published   integer NOT NULL,
        received_at        timestamptz NOT NULL,
        PRIMARY KEY (sender, control_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE hl7_messages`);
  }
}
