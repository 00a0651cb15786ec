import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case management's own tables: clinical profiles (one jsonb per member, folded by the criteria
 * library), the case manager roster, cases with their history, referrals, the monthly review
 * report and the drug adherence program state.
 */
export class CaseManagementTables1732000001000 implements MigrationInterface {
  name = 'CaseManagementTables1732000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE clinical_profiles (
        member_id      text PRIMARY KEY,
        profile        jsonb NOT NULL,
        events_applied bigint NOT NULL DEFAULT 0,
        criteria_met   text[] NOT NULL DEFAULT '{}',
        eligible       boolean NOT NULL DEFAULT false,
        evaluation     jsonb,
        evaluated_at   timestamptz,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE case_managers (
        id         text PRIMARY KEY,
        name       text NOT NULL,
        phone      text,
        email      text,
        capacity   integer NOT NULL CHECK (capacity > 0),
        active     boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE cases (
        case_id                text PRIMARY KEY,
        member_id              text NOT NULL,
        status                 text NOT NULL,
        identification_sources text[] NOT NULL,
        criteria_met           text[] NOT NULL,
        case_manager_id        text REFERENCES case_managers (id),
        opened_at              timestamptz NOT NULL,
        assessment_due_at      timestamptz NOT NULL,
        assessment_overdue     boolean NOT NULL DEFAULT false,
        assessment_outcome     text,
        assessed_at            timestamptz,
        closed_at              timestamptz,
        updated_at             timestamptz NOT NULL
      )`);
    // One open case per member, whatever the number of triggers or deliveries.
    await queryRunner.query(`
      CREATE UNIQUE INDEX cases_one_open_per_member ON cases (member_id)
        WHERE status IN ('identified', 'assessment-pending', 'enrolled')`);
    await queryRunner.query(`CREATE INDEX cases_member ON cases (member_id)`);
    await queryRunner.query(`
      CREATE INDEX cases_open_by_manager ON cases (case_manager_id)
        WHERE status IN ('identified', 'assessment-pending', 'enrolled')`);
    await queryRunner.query(`
      CREATE INDEX cases_assessment_due ON cases (assessment_due_at)
        WHERE status IN ('identified', 'assessment-pending') AND NOT assessment_overdue`);
    await queryRunner.query(`
      CREATE TABLE case_events (
        id          bigserial PRIMARY KEY,
        case_id     text NOT NULL REFERENCES cases (case_id),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id    text NOT NULL,
        actor_name  text NOT NULL,
        kind        text NOT NULL,
        from_status text,
        to_status   text,
        detail      jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX case_events_case ON case_events (case_id, id)`);
    await queryRunner.query(`
      CREATE TABLE referrals (
        referral_id  text PRIMARY KEY,
        member_id    text NOT NULL,
        source       text NOT NULL,
        referrer     jsonb,
        reason       text,
        submitted_at timestamptz NOT NULL,
        received_via text NOT NULL,
        status       text NOT NULL,
        case_id      text REFERENCES cases (case_id),
        received_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE INDEX referrals_awaiting_coverage ON referrals (member_id)
        WHERE status = 'awaiting-coverage'`);
    await queryRunner.query(`
      CREATE TABLE clinical_status_updates (
        update_id         text PRIMARY KEY,
        case_id           text NOT NULL REFERENCES cases (case_id),
        member_id         text NOT NULL,
        summary           text NOT NULL,
        condition_changed boolean NOT NULL,
        recorded_by       text NOT NULL,
        recorded_at       timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE monthly_reviews (
        month            text PRIMARY KEY,
        status           text NOT NULL,
        as_of            date NOT NULL,
        requested_by     text NOT NULL,
        started_at       timestamptz NOT NULL,
        completed_at     timestamptz,
        members_scanned  integer NOT NULL DEFAULT 0,
        members_covered  integer NOT NULL DEFAULT 0,
        new_count        integer NOT NULL DEFAULT 0,
        still_count      integer NOT NULL DEFAULT 0,
        no_longer_count  integer NOT NULL DEFAULT 0,
        cases_opened     integer NOT NULL DEFAULT 0,
        error            text
      )`);
    await queryRunner.query(`
      CREATE TABLE monthly_review_members (
        month        text NOT NULL,
        member_id    text NOT NULL,
        outcome      text NOT NULL,
        criteria_met text[] NOT NULL,
        PRIMARY KEY (month, member_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE adherence_members (
        member_id         text PRIMARY KEY,
        eligible          boolean NOT NULL,
        qualifying_fills  jsonb NOT NULL DEFAULT '{}',
        reasons           text[] NOT NULL DEFAULT '{}',
        policy_version    text,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX adherence_members_eligible ON adherence_members (member_id) WHERE eligible`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'adherence_members',
      'monthly_review_members',
      'monthly_reviews',
      'clinical_status_updates',
      'referrals',
      'case_events',
      'cases',
      'case_managers',
      'clinical_profiles',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
