import PgBoss from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The queue every service has: the inbox's expired ids (see `PlatformModule`). */
export const INBOX_PRUNE_JOB = 'inbox-prune';
/** pg-boss's own queue for cron schedules (it creates it at start when missing: DDL). */
const PG_BOSS_CRON_QUEUE = '__pgboss__send-it';

/**
 * The job queue's tables (pg-boss 10, its schema version 24) in the service's own schema, made
 * by the owner role like every other table: the application role then only reads and writes
 * them. pg-boss's construction plan is used as published, less its transaction wrapper (the
 * migration runs in one) and its `CREATE SCHEMA IF NOT EXISTS` (which needs CREATE on the
 * database even when the schema exists). Its table names (`job`, `queue`, `schedule`,
 * `subscription`, `archive`, `version`) are therefore taken in every service's schema.
 */
export class JobQueueTables1797200000000 implements MigrationInterface {
  name = 'JobQueueTables1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(constructionPlan(schema));
    await createJobQueues(queryRunner, [PG_BOSS_CRON_QUEUE, INBOX_PRUNE_JOB]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ['archive', 'job', 'subscription', 'schedule', 'queue', 'version']) {
      await queryRunner.query(`DROP TABLE IF EXISTS "${s}"."${table}" CASCADE`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS "${s}".create_queue(text, json)`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS "${s}".delete_queue(text)`);
    await queryRunner.query(`DROP TYPE IF EXISTS "${s}".job_state`);
  }
}

/**
 * Creates queues (one table partition each: DDL, so only in a migration). Every queue is
 * `stately`: at most one job waiting and one running per singleton key, which is what keeps a
 * job from running twice at once across instances. A service lists its job names in a migration
 * of its own; registering a job whose queue is missing stops the service at start.
 */
export async function createJobQueues(
  queryRunner: QueryRunner,
  names: readonly string[],
): Promise<void> {
  const schema = schemaOf(queryRunner);
  for (const name of names) {
    await queryRunner.query(`SELECT "${schema}".create_queue($1, $2)`, [
      name,
      JSON.stringify({ policy: 'stately' }),
    ]);
  }
}

/** Deletes queues made by `createJobQueues`, with their jobs (a migration's `down`). */
export async function deleteJobQueues(
  queryRunner: QueryRunner,
  names: readonly string[],
): Promise<void> {
  const schema = schemaOf(queryRunner);
  for (const name of names) await queryRunner.query(`SELECT "${schema}".delete_queue($1)`, [name]);
}

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema || !/^[a-z][a-z0-9_]{0,49}$/.test(schema))
    throw new Error('the job queue needs the service schema (a lower-case identifier)');
  return schema;
}

/** pg-boss's construction plan without what a migration must not run (checked, not guessed). */
export function constructionPlan(schema: string): string {
  let plan = PgBoss.getConstructionPlans(schema);
  for (const [pattern, what] of [
    [/^\s*BEGIN;/, 'the opening BEGIN'],
    [/COMMIT;\s*$/, 'the closing COMMIT'],
    [new RegExp(`CREATE SCHEMA IF NOT EXISTS ${schema}\\s*;`), 'CREATE SCHEMA'],
  ] as const) {
    if (!pattern.test(plan))
      throw new Error(`pg-boss construction plan changed: ${what} not found`);
    plan = plan.replace(pattern, '');
  }
  return plan;
}
