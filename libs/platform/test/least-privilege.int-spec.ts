import { randomUUID } from 'node:crypto';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { MessagingTables1732000000000 } from '@careflow/messaging';
import { AuditLogTable1732000000001 } from '../src/audit/audit-log.migration';
import { AuditLog, type AuditEntry } from '../src/audit/audit.service';
import { verifyAuditChain } from '../src/audit/audit-chain';
import { connectServiceRoles, databaseOf, withLogin } from '../src/database/open-service-database';
import { serviceRoles } from '../src/database/roles';
import { startTestService, type TestService } from '../src/testing/test-service';
import { ProbeModule } from './probe.module';

class VerifyProbe1732000009998 implements MigrationInterface {
  name = 'VerifyProbe1732000009998';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE verify_probe (id text PRIMARY KEY)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE verify_probe`);
  }
}

const SCHEMA = 'platform_probe_privilege';
const OTHER = 'platform_probe_other';
const adminUrl = process.env.DATABASE_URL!;
const roles = serviceRoles(databaseOf(adminUrl), SCHEMA);
const auditor = { id: 'aud-1', name: 'Ava Auditor', roles: ['auditor'] as const };
const supervisor = { id: 'sup-1', name: 'Sue', roles: ['supervisor'] as const };

function entry(memberId: string, n = 0): AuditEntry {
  return {
    actor: supervisor,
    action: 'probe.read',
    resourceType: 'probe',
    resourceId: `r-${n}`,
    memberId,
    outcome: 'allowed',
    clientIp: '127.0.0.1',
    userAgent: `jest ✓ ${n}`,
    requestId: randomUUID(),
  };
}

async function connect(url: string, searchPath = 'public'): Promise<DataSource> {
  return new DataSource({
    type: 'postgres',
    url,
    extra: { max: 4, options: `-c search_path=${searchPath}` },
  }).initialize();
}

/** The SQLSTATE a statement fails with ('' when it succeeds). */
async function refusal(db: DataSource, sql: string): Promise<string> {
  try {
    await db.query(sql);
    return '';
  } catch (error) {
    return String((error as { driverError?: { code?: string } }).driverError?.code ?? 'error');
  }
}

describe('each service in its own PostgreSQL roles, with a tamper-evident audit log', () => {
  let service: TestService;
  let admin: DataSource;
  let app: DataSource;
  let audit: AuditLog;

  beforeAll(async () => {
    admin = await connect(adminUrl);
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${OTHER} CASCADE`);
    await admin.query(`CREATE SCHEMA ${OTHER}`);
    await admin.query(`CREATE TABLE ${OTHER}.secrets (member_id text)`);
    service = await startTestService(
      ProbeModule.register(SCHEMA, { ...process.env, DATABASE_ROLES: 'provision' }),
    );
    app = service.app.get(DataSource);
    audit = service.app.get(AuditLog);
  });

  afterAll(async () => {
    await service.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${OTHER} CASCADE`);
    await admin.destroy();
  });

  describe('the application role', () => {
    it('is what the service runs as, and it works', async () => {
      const [me] = await app.query<{ name: string }[]>(`SELECT current_user AS name`);
      expect(me!.name).toBe(roles.app);
      await audit.record(entry('M-works'));
      expect((await service.request('GET', '/health/ready')).status).toBe(200);
    });

    it('cannot rewrite, delete or truncate the audit log', async () => {
      await audit.record(entry('M-rewrite'));
      expect(await refusal(app, `UPDATE audit_log SET outcome = 'denied'`)).toBe('42501');
      expect(await refusal(app, `DELETE FROM audit_log`)).toBe('42501');
      expect(await refusal(app, `TRUNCATE audit_log`)).toBe('42501');
      expect(await refusal(app, `UPDATE audit_chain_head SET seq = 0`)).toBe('42501');
      expect(
        await refusal(
          app,
          `INSERT INTO audit_log (actor_id, actor_roles, action, resource_type, outcome, row_hash)
                             VALUES ('x', '{}', 'x', 'x', 'allowed', '\\x00')`,
        ),
      ).toBe('42501');
    });

    it('cannot steer the chain trigger with a temporary table of the same name', async () => {
      const runner = app.createQueryRunner();
      await runner.connect();
      try {
        await runner.query(
          `CREATE TEMP TABLE audit_chain_head (singleton boolean, seq bigint, hash bytea)`,
        );
        await runner.query(`INSERT INTO pg_temp.audit_chain_head VALUES (true, 0, '\\x00')`);
        await runner.query(
          `INSERT INTO audit_log (actor_id, actor_roles, action, resource_type, outcome)
           VALUES ('sup-1', '{supervisor}', 'probe.read', 'probe', 'allowed')`,
        );
      } finally {
        await runner.query(`DROP TABLE IF EXISTS pg_temp.audit_chain_head`);
        await runner.release();
      }
      expect(await verifyAuditChain(admin, SCHEMA)).toMatchObject({ intact: true });
    });

    it('cannot create or drop tables, nor read another schema', async () => {
      expect(await refusal(app, `CREATE TABLE ${SCHEMA}.extra (x int)`)).toBe('42501');
      expect(await refusal(app, `CREATE TABLE public.extra (x int)`)).toBe('42501');
      expect(await refusal(app, `DROP TABLE handled`)).toBe('42501');
      expect(await refusal(app, `SELECT * FROM ${OTHER}.secrets`)).toBe('42501');
    });

    it('owns nothing: the schema and its objects belong to the owner role', async () => {
      const owners = await admin.query<{ owner: string }[]>(
        `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`,
        [SCHEMA],
      );
      expect(owners.map((o) => o.owner)).toEqual([roles.owner]);
    });
  });

  it('the owner role cannot truncate the audit log either (trigger)', async () => {
    const owner = await connect(withLogin(adminUrl, roles.owner, undefined));
    try {
      const code = await refusal(owner, `TRUNCATE ${SCHEMA}.audit_log`);
      expect(code).toBe('P0001');
    } finally {
      await owner.destroy();
    }
  });

  it('provisions services starting together, the same one twice included, then runs them as given', async () => {
    const schemas = [
      'platform_probe_a',
      'platform_probe_a',
      'platform_probe_b',
      'platform_probe_c',
    ];
    for (const schema of new Set(schemas))
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const opened = await Promise.all(
      schemas.map((schema) =>
        connectServiceRoles({
          url: adminUrl,
          roles: 'provision',
          schema,
          migrations: [],
          poolSize: 2,
        }),
      ),
    );
    await Promise.all(opened.map((db) => db.destroy()));
    const b = serviceRoles(databaseOf(adminUrl), 'platform_probe_b');
    let ownerLogin: string | undefined;
    const given = await connectServiceRoles({
      url: withLogin(adminUrl, b.app, undefined),
      migrationUrl: withLogin(adminUrl, b.owner, undefined),
      roles: 'given',
      schema: 'platform_probe_b',
      migrations: [],
      poolSize: 2,
      onOwnerLogin: (url) => (ownerLogin = url),
    });
    try {
      const [me] = await given.query<{ name: string }[]>(`SELECT current_user AS name`);
      expect(me!.name).toBe(b.app);
      // Table maintenance logs in as the owner, the only role that may VACUUM and ANALYZE.
      expect(ownerLogin).toBe(withLogin(adminUrl, b.owner, undefined));
      const [jit] = await given.query<{ jit: string }[]>(`SHOW jit`);
      expect(jit!.jit).toBe('off');
      expect(await refusal(given, `TRUNCATE audit_log`)).toBe('42501');
    } finally {
      await given.destroy();
      for (const schema of new Set(schemas)) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it('with DATABASE_MIGRATIONS=verify, starts as the application role alone once migrated, and refuses while a migration is pending', async () => {
    const schema = 'platform_probe_verify';
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const probe = serviceRoles(databaseOf(adminUrl), schema);
    // The migration step: roles and the platform's own migrations, as the owner.
    await (
      await connectServiceRoles({
        url: adminUrl,
        roles: 'provision',
        schema,
        migrations: [],
        poolSize: 2,
      })
    ).destroy();
    const asApplication = (migrations: (new () => MigrationInterface)[]) =>
      connectServiceRoles({
        url: withLogin(adminUrl, probe.app, undefined),
        roles: 'given',
        migrationMode: 'verify',
        schema,
        migrations,
        poolSize: 2,
      });
    try {
      const verified = await asApplication([]);
      const [me] = await verified.query<{ name: string }[]>(`SELECT current_user AS name`);
      expect(me!.name).toBe(probe.app);
      await verified.destroy();
      // A new version with one more migration, deployed before its migration step ran.
      await expect(asApplication([VerifyProbe1732000009998])).rejects.toThrow(
        `1 migration(s) of schema ${schema} are pending and DATABASE_MIGRATIONS=verify`,
      );
      const [table] = await admin.query<{ oid: string | null }[]>(
        `SELECT to_regclass('${schema}.verify_probe') AS oid`,
      );
      expect(table!.oid).toBeNull();
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  describe('the hash chain', () => {
    it('takes in the rows of a database written before it, owned by a superuser', async () => {
      const schema = 'platform_probe_legacy';
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`CREATE SCHEMA ${schema}`);
      const legacy = await new DataSource({
        type: 'postgres',
        url: adminUrl,
        schema,
        migrations: [MessagingTables1732000000000, AuditLogTable1732000000001],
        migrationsTableName: 'migrations',
        extra: { max: 2, options: `-c search_path=${schema}` },
      }).initialize();
      await legacy.runMigrations();
      await new AuditLog(legacy).recordMany([
        entry('M-old', 1),
        entry('M-old', 2),
        entry('M-old', 3),
      ]);
      await legacy.destroy();
      const upgraded = await connectServiceRoles({
        url: adminUrl,
        roles: 'provision',
        schema,
        migrations: [],
        poolSize: 2,
      });
      try {
        await new AuditLog(upgraded).record(entry('M-new', 4));
        expect(await verifyAuditChain(admin, schema)).toMatchObject({
          schema,
          rows: 4,
          intact: true,
        });
      } finally {
        await upgraded.destroy();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      }
    });

    it('holds under concurrent writers', async () => {
      const second = await connect(withLogin(adminUrl, roles.app, undefined), SCHEMA);
      const other = new AuditLog(second);
      const member = `M-${randomUUID()}`;
      await Promise.all(
        Array.from({ length: 40 }, (_, n) =>
          (n % 2 === 0 ? audit : other).recordMany([entry(member, n), entry(member, n + 100)]),
        ),
      );
      await second.destroy();
      const report = await verifyAuditChain(admin, SCHEMA);
      expect(report).toMatchObject({ intact: true });
      expect(report.rows).toBeGreaterThanOrEqual(80);
    });

    it('exports its head to anchor outside the database, and checks anchors given back', async () => {
      const member = `M-${randomUUID()}`;
      for (let n = 0; n < 2; n++) await audit.record(entry(member, n));
      const report = await verifyAuditChain(admin, SCHEMA);
      const [stored] = await admin.query<{ seq: string; hash: string }[]>(
        `SELECT seq::text AS seq, encode(hash, 'hex') AS hash FROM ${SCHEMA}.audit_chain_head`,
      );
      expect(report).toMatchObject({ intact: true, head: stored });
      expect(report.head?.hash).toMatch(/^[0-9a-f]{64}$/);
      const head = report.head!;
      await audit.record(entry(member, 2));
      // The anchored row is still there, unchanged, under the rows written since.
      expect(await verifyAuditChain(admin, SCHEMA, [head])).toMatchObject({ intact: true });
      const rewritten = await verifyAuditChain(admin, SCHEMA, [{ ...head, hash: 'ab'.repeat(32) }]);
      expect(rewritten).toMatchObject({ intact: false, firstBroken: { seq: head.seq } });
      expect(rewritten.firstBroken?.reason).toMatch(/anchor/);
      const beyond = String(BigInt(head.seq) + 1000n);
      const cut = await verifyAuditChain(admin, SCHEMA, [{ seq: beyond, hash: head.hash }]);
      expect(cut).toMatchObject({ intact: false, firstBroken: { seq: beyond } });
    });

    it('names the first row a superuser altered, then a removed tail', async () => {
      const member = `M-${randomUUID()}`;
      for (let n = 0; n < 3; n++) await audit.record(entry(member, n));
      const rows = await admin.query<{ id: string; seq: string }[]>(
        `SELECT id::text AS id, chain_seq::text AS seq FROM ${SCHEMA}.audit_log WHERE member_id = $1 ORDER BY chain_seq`,
        [member],
      );
      await admin.query(`ALTER TABLE ${SCHEMA}.audit_log DISABLE TRIGGER USER`);
      await admin.query(`UPDATE ${SCHEMA}.audit_log SET actor_id = 'someone-else' WHERE id = $1`, [
        rows[1]!.id,
      ]);
      const altered = await verifyAuditChain(admin, SCHEMA);
      expect(altered.intact).toBe(false);
      expect(altered.firstBroken).toMatchObject({ seq: rows[1]!.seq, id: rows[1]!.id });
      expect(altered.firstBroken?.reason).toMatch(/altered/);
      await admin.query(`UPDATE ${SCHEMA}.audit_log SET actor_id = $2 WHERE id = $1`, [
        rows[1]!.id,
        supervisor.id,
      ]);
      expect((await verifyAuditChain(admin, SCHEMA)).intact).toBe(true);
      await admin.query(`DELETE FROM ${SCHEMA}.audit_log WHERE id = $1`, [rows[2]!.id]);
      await admin.query(`ALTER TABLE ${SCHEMA}.audit_log ENABLE TRIGGER USER`);
      const cut = await verifyAuditChain(admin, SCHEMA);
      expect(cut).toMatchObject({ intact: false, firstBroken: { seq: rows[2]!.seq } });
      expect(cut.firstBroken?.reason).toMatch(/missing/);
    });
  });

  describe('GET /audit/disclosures', () => {
    it('tells an auditor who read a member in a period, and audits the report', async () => {
      const member = `M-${randomUUID()}`;
      await audit.recordMany([entry(member, 1), entry(member, 2), entry('M-someone-else', 3)]);
      const from = new Date(Date.now() - 60_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const query = `/audit/disclosures?memberId=${member}&from=${from}&to=${to}`;
      const answer = await service.request('GET', query, { principal: auditor });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const body = answer.body as { disclosures: { actorId: string; resourceId: string }[] };
      expect(body.disclosures.map((d) => [d.actorId, d.resourceId])).toEqual([
        [supervisor.id, 'r-1'],
        [supervisor.id, 'r-2'],
      ]);
      const again = await service.request('GET', query, { principal: auditor });
      const actions = (again.body as { disclosures: { action: string }[] }).disclosures.map(
        (d) => d.action,
      );
      expect(actions).toEqual(['probe.read', 'probe.read', 'audit.disclosures.read']);
    });

    it('is for auditors only, and checks the period', async () => {
      const from = new Date().toISOString();
      const query = `/audit/disclosures?memberId=M1&from=${from}&to=${from}`;
      expect((await service.request('GET', query, { principal: supervisor })).status).toBe(403);
      const bad = await service.request('GET', query, { principal: auditor });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('from must be before to');
    });
  });
});
