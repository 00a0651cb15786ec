import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who read which member's data, when and from where. Append-only: a trigger refuses UPDATE and
 * DELETE, so not even the service can rewrite history.
 */
export class AuditLogTable1732000000001 implements MigrationInterface {
  name = 'AuditLogTable1732000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id            bigserial PRIMARY KEY,
        occurred_at   timestamptz NOT NULL DEFAULT now(),
        actor_id      text NOT NULL,
        actor_roles   text[] NOT NULL,
        action        text NOT NULL,
        resource_type text NOT NULL,
        resource_id   text,
        member_id     text,
        outcome       text NOT NULL,
        client_ip     text,
        user_agent    text,
        request_id    text
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_member ON audit_log (member_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX audit_log_actor ON audit_log (actor_id, occurred_at)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
