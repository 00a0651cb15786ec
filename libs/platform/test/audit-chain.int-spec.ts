import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLog, type AuditEntry } from '../src/audit/audit.service';
import { verifyAuditChain } from '../src/audit/audit-chain';
import { connectServiceRoles, databaseOf, withLogin } from '../src/database/open-service-database';
import { serviceRoles } from '../src/database/roles';

/**
 * The chain trigger writes the head once per INSERT statement (issue #29): multi-row statements,
 * single rows, savepoints and concurrent writers must still make one unbroken chain, as
 * `npm run audit:verify` walks it.
 */
const SCHEMA = 'platform_probe_chain';
const adminUrl = process.env.DATABASE_URL!;
const actor = { id: 'cm-1', name: 'Casey', roles: ['case-manager', 'supervisor'] as const };

function entries(count: number, memberId = `M-${randomUUID()}`): AuditEntry[] {
  return Array.from({ length: count }, (_, n) => ({
    actor,
    action: 'feed.stream',
    resourceType: 'feed-item',
    resourceId: `item-${n}`,
    memberId,
    outcome: 'allowed' as const,
    clientIp: '127.0.0.1',
    userAgent: n % 2 === 0 ? `jest ✓ ${n}` : null,
    requestId: randomUUID(),
  }));
}

/** The SQLSTATE and message a statement fails with ('' when it succeeds). */
async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return '';
  } catch (error) {
    const driverError = (error as { driverError?: { code?: string; message?: string } })
      .driverError;
    return `${driverError?.code} ${driverError?.message}`;
  }
}

describe('the audit hash chain, with its head written once per statement', () => {
  let admin: DataSource;
  let app: DataSource;
  let audit: AuditLog;

  beforeAll(async () => {
    admin = await new DataSource({
      type: 'postgres',
      url: adminUrl,
      extra: { max: 2 },
    }).initialize();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    app = await connectServiceRoles({
      url: adminUrl,
      roles: 'provision',
      schema: SCHEMA,
      migrations: [],
      poolSize: 6,
    });
    audit = new AuditLog(app);
  });

  afterAll(async () => {
    await app?.destroy();
    await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin?.destroy();
  });

  const rows = async (): Promise<number> =>
    Number((await admin.query(`SELECT count(*) AS n FROM ${SCHEMA}.audit_log`))[0].n);

  it('chains multi-row statements and single rows in one transaction, the head updated once per statement', async () => {
    const before = await rows();
    const updates = await app.transaction(async (manager) => {
      await audit.recordMany(entries(50), manager);
      await audit.record(entries(1)[0]!, manager);
      // No roles and a non-ASCII field: the canonical text the verifier recomputes covers both.
      const unusual = entries(7).map((e, n) => ({
        ...e,
        actor: n % 3 === 0 ? { ...e.actor, roles: [] } : e.actor,
        userAgent: 'Navigateur é ✓',
      }));
      await audit.recordMany(unusual, manager);
      await audit.record(entries(1)[0]!, manager);
      const [stats] = await manager.query<{ n: string }[]>(
        `SELECT n_tup_upd::text AS n FROM pg_stat_xact_user_tables
          WHERE relid = 'audit_chain_head'::regclass`,
      );
      return Number(stats!.n);
    });
    expect(updates).toBe(4);
    expect(await rows()).toBe(before + 59);
    expect(await verifyAuditChain(admin, SCHEMA)).toMatchObject({
      intact: true,
      rows: before + 59,
    });
  });

  it('keeps the chain whole when a savepoint with a multi-row statement is rolled back', async () => {
    const before = await rows();
    await app.transaction(async (manager) => {
      await audit.recordMany(entries(3), manager);
      await manager.query(`SAVEPOINT undone`);
      await audit.recordMany(entries(4), manager);
      await manager.query(`ROLLBACK TO SAVEPOINT undone`);
      await manager.query(`SAVEPOINT failed`);
      // The third row breaks a NOT NULL constraint after two rows were chained.
      const broken = failure(() =>
        manager.query(
          `INSERT INTO audit_log (actor_id, actor_roles, action, resource_type, outcome)
           SELECT 'cm-1', '{}', 'feed.stream', 'feed-item', CASE WHEN n < 3 THEN 'allowed' END
             FROM generate_series(1, 3) AS n`,
        ),
      );
      expect(await broken).toMatch(/^23502 /);
      await manager.query(`ROLLBACK TO SAVEPOINT failed`);
      await audit.recordMany(entries(2), manager);
    });
    expect(await rows()).toBe(before + 5);
    expect(await verifyAuditChain(admin, SCHEMA)).toMatchObject({ intact: true });
  });

  it('holds under concurrent transactions mixing multi-row statements and single rows', async () => {
    const before = await rows();
    const second = await connectOther();
    try {
      const other = new AuditLog(second);
      await Promise.all(
        Array.from({ length: 16 }, (_, n) =>
          (n % 2 === 0 ? app : second).transaction(async (manager) => {
            const log = n % 2 === 0 ? audit : other;
            await log.recordMany(entries(1 + (n % 5) * 10), manager);
            await log.record(entries(1)[0]!, manager);
            await log.recordMany(entries(3), manager);
          }),
        ),
      );
    } finally {
      await second.destroy();
    }
    const expected = Array.from({ length: 16 }, (_, n) => 1 + (n % 5) * 10 + 4).reduce(
      (a, b) => a + b,
    );
    expect(await rows()).toBe(before + expected);
    const report = await verifyAuditChain(admin, SCHEMA);
    expect(report).toMatchObject({ intact: true, rows: before + expected });
  });

  it('refuses a chain state set by the caller, before a statement or between its rows', async () => {
    const before = await rows();
    const forged = `1:${'00'.repeat(32)}`;
    await app.transaction(async (manager) => {
      await manager.query(`SELECT set_config('careflow.audit_chain', $1, true)`, [forged]);
      // Cleared by the statement trigger: the row continues from the head.
      await audit.record(entries(1)[0]!, manager);
    });
    const between = await failure(() =>
      app.transaction((manager) =>
        manager.query(
          `INSERT INTO audit_log (actor_id, actor_roles, action, resource_type, outcome)
           SELECT set_config('careflow.audit_chain', $1, true) || n, '{}', 'x', 'y', 'allowed'
             FROM generate_series(1, 3) AS n`,
          [forged],
        ),
      ),
    );
    expect(between).toMatch(/^P0001 the audit chain state of this statement was altered/);
    // A real earlier row as the state: its successor exists, so the insert cannot fork the chain.
    const fork = await failure(() =>
      app.transaction((manager) =>
        manager.query(
          `INSERT INTO audit_log (actor_id, actor_roles, action, resource_type, outcome)
           SELECT set_config('careflow.audit_chain',
                    (SELECT chain_seq || ':' || encode(row_hash, 'hex') FROM audit_log WHERE chain_seq = 1),
                    true) || n, '{}', 'x', 'y', 'allowed'
             FROM generate_series(1, 3) AS n`,
        ),
      ),
    );
    expect(fork).toMatch(/^23505 /);
    // Cleared between rows: the next row starts again from the head, behind this statement's rows.
    const restart = await failure(() =>
      app.transaction((manager) =>
        manager.query(
          `INSERT INTO audit_log (actor_id, actor_roles, action, resource_type, outcome)
           SELECT set_config('careflow.audit_chain', '', true) || n, '{}', 'x', 'y', 'allowed'
             FROM generate_series(1, 3) AS n`,
        ),
      ),
    );
    expect(restart).toMatch(/^23505 /);
    expect(await rows()).toBe(before + 1);
    expect(await verifyAuditChain(admin, SCHEMA)).toMatchObject({ intact: true });
  });

  async function connectOther(): Promise<DataSource> {
    return new DataSource({
      type: 'postgres',
      url: withLogin(adminUrl, serviceRoles(databaseOf(adminUrl), SCHEMA).app, undefined),
      extra: { max: 4, options: `-c search_path=${SCHEMA}` },
    }).initialize();
  }
});
