import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ADMIN, startHarness, type Harness } from './harness';

const KIND = 'enrollment-notice';
const SCHEMA = 'pcp_notification';

interface Versions {
  versions: { body: string; version: number }[];
}

/** A letter template change and its audit entry commit together, or neither does. */
describe('pcp-notification: letter template changes are audited in their transaction', () => {
  let h: Harness;
  let owner: DataSource;
  let original: { body: string; version: number };

  const versionsNow = async (): Promise<Versions['versions']> =>
    (
      (await h.service.request('GET', `/letter-templates/${KIND}`, { principal: ADMIN }))
        .body as Versions
    ).versions;

  beforeAll(async () => {
    h = await startHarness();
    // The owner's login (the test database URL), to add a failing trigger the service cannot.
    owner = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await owner.initialize();
    original = (await versionsNow())[0]!;
  });

  afterAll(async () => {
    // Put the program's wording back for the next run.
    await h.service.request('PUT', `/letter-templates/${KIND}`, {
      principal: ADMIN,
      body: { body: original.body },
    });
    await owner.destroy();
    await h.stop();
  });

  it('writes letter-template.save with the saved version, by the request', async () => {
    const saved = await h.service.request('PUT', `/letter-templates/${KIND}`, {
      principal: ADMIN,
      body: { body: `${original.body}\n\nAudit note ${randomUUID()}\n` },
    });
    expect(saved.status).toBe(200);
    const { version } = saved.body as { version: number };
    const rows: { action: string; resource_id: string; actor_id: string; outcome: string }[] =
      await owner.query(
        `SELECT action, resource_id, actor_id, outcome FROM ${SCHEMA}.audit_log WHERE request_id = $1`,
        [saved.headers.get('x-request-id')],
      );
    expect(rows).toEqual([
      {
        action: 'letter-template.save',
        resource_id: `${KIND}@${version}`,
        actor_id: ADMIN.id,
        outcome: 'allowed',
      },
    ]);
  });

  it('keeps no new version when its audit entry cannot be written', async () => {
    const before = await versionsNow();
    const agent = `audit-failure-${randomUUID()}`;
    const fn = `fail_audit_${randomUUID().replace(/-/g, '')}`;
    // A real failure of the audit insert, for this request only (its user agent).
    await owner.query(
      `CREATE FUNCTION ${SCHEMA}.${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.user_agent = '${agent}' THEN RAISE EXCEPTION 'audit insert refused by the test'; END IF;
         RETURN NEW;
       END $$`,
    );
    await owner.query(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON ${SCHEMA}.audit_log FOR EACH ROW EXECUTE FUNCTION ${SCHEMA}.${fn}()`,
    );
    try {
      const marker = `Never saved ${randomUUID()}`;
      const refused = await h.service.request('PUT', `/letter-templates/${KIND}`, {
        principal: ADMIN,
        body: { body: `${original.body}\n\n${marker}\n` },
        headers: { 'user-agent': agent },
      });
      expect(refused.status).toBe(500);
      const after = await versionsNow();
      expect(after).toEqual(before);
      expect(after.some((v) => v.body.includes(marker))).toBe(false);
      const audited: unknown[] = await owner.query(
        `SELECT 1 FROM ${SCHEMA}.audit_log WHERE user_agent = $1`,
        [agent],
      );
      expect(audited).toEqual([]);
    } finally {
      await owner.query(`DROP TRIGGER ${fn} ON ${SCHEMA}.audit_log`);
      await owner.query(`DROP FUNCTION ${SCHEMA}.${fn}()`);
    }
  });
});
