import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recorded determination is never overwritten in place without a trace: when a supervisor
 * replaces one (with a reason), the replaced determination, the new one, who, when and why are
 * kept here, append-only like the audit log.
 */
export class DeterminationOverrides1732000002001 implements MigrationInterface {
  name = 'DeterminationOverrides1732000002001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE determination_overrides (
        id                     bigserial PRIMARY KEY,
        request_id             text NOT NULL REFERENCES routing_decisions (request_id),
        previous_determination text NOT NULL,
        previous_date          date NOT NULL,
        previous_recorded_by   text,
        previous_recorded_at   timestamptz,
        determination          text NOT NULL CHECK (determination IN ('approved', 'denied', 'pended')),
        determination_date     date NOT NULL,
        reason                 text NOT NULL CHECK (length(reason) > 0),
        overridden_by          text NOT NULL,
        overridden_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX determination_overrides_request ON determination_overrides (request_id)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION determination_overrides_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'determination_overrides is append-only'; END $$ LANGUAGE plpgsql`);
    await queryRunner.query(`
      CREATE TRIGGER determination_overrides_append_only
        BEFORE UPDATE OR DELETE ON determination_overrides
        FOR EACH ROW EXECUTE FUNCTION determination_overrides_append_only()`);
    // Integrators' overdue alerts are filtered by vendor.
    await queryRunner.query(
      `CREATE INDEX routing_decisions_vendor_open_due ON routing_decisions (vendor_id, due_by)
         WHERE outcome = 'routed' AND determination IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX routing_decisions_vendor_open_due`);
    await queryRunner.query(`DROP TABLE determination_overrides`);
    await queryRunner.query(`DROP FUNCTION determination_overrides_append_only()`);
  }
}
