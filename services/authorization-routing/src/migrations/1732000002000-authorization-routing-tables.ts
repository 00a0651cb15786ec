import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's own tables: recorded PA requests (for replay), requests held for late coverage,
 * decisions with the coverage they used and the vendor's determination, and policy versions.
 */
export class AuthorizationRoutingTables1732000002000 implements MigrationInterface {
  name = 'AuthorizationRoutingTables1732000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pa_requests (
        request_id   text PRIMARY KEY,
        member_id    text NOT NULL,
        event_id     text NOT NULL,
        received_at  timestamptz NOT NULL,
        data         jsonb NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX pa_requests_received_at ON pa_requests (received_at)`);
    await queryRunner.query(`
      CREATE TABLE pending_requests (
        request_id  text PRIMARY KEY REFERENCES pa_requests (request_id),
        member_id   text NOT NULL,
        held_at     timestamptz NOT NULL DEFAULT now(),
        hold_until  timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX pending_requests_member ON pending_requests (member_id)`);
    await queryRunner.query(
      `CREATE INDEX pending_requests_hold_until ON pending_requests (hold_until)`,
    );
    await queryRunner.query(`
      CREATE TABLE routing_decisions (
        request_id                text PRIMARY KEY REFERENCES pa_requests (request_id),
        member_id                 text NOT NULL,
        outcome                   text NOT NULL CHECK (outcome IN ('routed', 'manual-review', 'not-eligible')),
        vendor_id                 text,
        submission_channel        text,
        policy_version            text NOT NULL,
        due_by                    timestamptz,
        decision                  jsonb NOT NULL,
        coverage_status           text NOT NULL CHECK (coverage_status IN ('covered', 'no-coverage', 'never-received')),
        coverage                  jsonb,
        deadline_regime           text,
        deadline_source           text,
        decided_at                timestamptz NOT NULL DEFAULT now(),
        determination             text CHECK (determination IN ('approved', 'denied', 'pended')),
        determination_date        date,
        determination_recorded_at timestamptz,
        determination_recorded_by text
      )`);
    await queryRunner.query(
      `CREATE INDEX routing_decisions_open_due ON routing_decisions (due_by)
         WHERE outcome = 'routed' AND determination IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE policy_versions (
        version       text PRIMARY KEY,
        document      jsonb NOT NULL,
        status        text NOT NULL CHECK (status IN ('candidate', 'active')),
        active_from   date,
        origin        text NOT NULL CHECK (origin IN ('bundled', 'api')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    text NOT NULL,
        activated_at  timestamptz,
        activated_by  text,
        CHECK ((status = 'active') = (active_from IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE policy_versions`);
    await queryRunner.query(`DROP TABLE routing_decisions`);
    await queryRunner.query(`DROP TABLE pending_requests`);
    await queryRunner.query(`DROP TABLE pa_requests`);
  }
}
