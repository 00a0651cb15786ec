import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caseload projection (from ccm.cases.v1), notifications with their letters, delivery
 * attempts, versioned letter templates and the case managers' feed.
 */
export class PcpNotificationTables1732000000200 implements MigrationInterface {
  name = 'PcpNotificationTables1732000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cases (
        case_id          text PRIMARY KEY,
        member_id        text NOT NULL,
        status           text NOT NULL,
        case_manager_id  text,
        case_manager     jsonb,
        criteria_met     text[] NOT NULL DEFAULT '{}',
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX cases_member ON cases (member_id)`);
    await queryRunner.query(
      `CREATE INDEX cases_case_manager ON cases (case_manager_id, member_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE letter_templates (
        kind        text NOT NULL,
        version     integer NOT NULL,
        body        text NOT NULL,
        source      text NOT NULL,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, version)
      )`);

    await queryRunner.query(`
      CREATE TABLE notifications (
        notification_id   text PRIMARY KEY,
        member_id         text NOT NULL,
        case_id           text NOT NULL,
        kind              text NOT NULL,
        status            text NOT NULL,
        pcp_npi           text,
        pcp               jsonb,
        case_manager      jsonb,
        source_event_id   text NOT NULL,
        source_ref        text,
        due_by            timestamptz,
        escalated_at      timestamptz,
        completed_at      timestamptz,
        completed_by      text,
        call_notes        text,
        template_version  integer,
        letter_pdf        bytea,
        delivery_status   text,
        delivery_attempts integer NOT NULL DEFAULT 0,
        next_delivery_at  timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_once_per_event UNIQUE NULLS NOT DISTINCT (source_event_id, kind, pcp_npi)
      )`);
    // One enrollment notice per case and PCP, whichever event asked for it.
    await queryRunner.query(
      `CREATE UNIQUE INDEX notifications_enrollment_once ON notifications (case_id, pcp_npi) NULLS NOT DISTINCT
         WHERE kind = 'enrollment-notice'`,
    );
    // One letter and one call per clinical status update, even if it is republished under a new id.
    await queryRunner.query(
      `CREATE UNIQUE INDEX notifications_update_once ON notifications (source_ref, kind) WHERE source_ref IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX notifications_member ON notifications (member_id)`);
    await queryRunner.query(
      `CREATE INDEX notifications_delivery_due ON notifications (next_delivery_at)
         WHERE delivery_status IN ('queued', 'failed')`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_calls_due ON notifications (due_by)
         WHERE kind = 'condition-change-call' AND status = 'pending' AND escalated_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE letter_deliveries (
        id               bigserial PRIMARY KEY,
        notification_id  text NOT NULL REFERENCES notifications (notification_id),
        attempt          integer NOT NULL,
        channel          text NOT NULL,
        method           text NOT NULL,
        status           text NOT NULL CHECK (status IN ('sent', 'failed')),
        reference        text,
        detail           text,
        attempted_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (notification_id, attempt)
      )`);

    await queryRunner.query(`
      CREATE TABLE feed_items (
        seq              bigserial UNIQUE,
        item_id          text PRIMARY KEY,
        kind             text NOT NULL,
        status           text NOT NULL,
        audience         text NOT NULL DEFAULT 'case-manager' CHECK (audience IN ('case-manager', 'supervisor')),
        member_id        text NOT NULL,
        case_id          text NOT NULL,
        notification_id  text REFERENCES notifications (notification_id),
        title            text NOT NULL,
        detail           text,
        due_by           timestamptz,
        letter_url       text,
        source_event_id  text NOT NULL,
        acknowledged_at  timestamptz,
        acknowledged_by  text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT feed_items_once_per_event UNIQUE (source_event_id, kind, case_id)
      )`);
    await queryRunner.query(`CREATE INDEX feed_items_member ON feed_items (member_id, seq DESC)`);
    await queryRunner.query(`CREATE INDEX feed_items_notification ON feed_items (notification_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE feed_items`);
    await queryRunner.query(`DROP TABLE letter_deliveries`);
    await queryRunner.query(`DROP TABLE notifications`);
    await queryRunner.query(`DROP TABLE letter_templates`);
    await queryRunner.query(`DROP TABLE cases`);
  }
}
