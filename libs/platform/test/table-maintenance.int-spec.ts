import { Client } from 'pg';
import { maintainTables } from '../src/database/table-maintenance';

/**
 * The service's own VACUUM / ANALYZE (DATABASE_MAINTENANCE) against the real server: what it
 * does to a table past autovacuum's thresholds, and why it matters where autovacuum is off: a
 * chunk's `member_id = ANY(...)` read is a sequential scan without statistics and an index scan
 * with them.
 */
const SCHEMA = 'platform_probe_maintenance';
const url = process.env.DATABASE_URL!;

describe('table maintenance modes', () => {
  const client = new Client({ connectionString: url });

  beforeAll(async () => {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${SCHEMA}`);
    await client.query(
      `CREATE TABLE ${SCHEMA}.rows AS SELECT g AS id FROM generate_series(1, 5000) g`,
    );
    await client.query('SELECT pg_stat_force_next_flush()');
    await client.query('SELECT 1');
  });

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.end();
  });

  it('does nothing when off, and in auto mode only where the server has no autovacuum', async () => {
    expect(await maintainTables(url, SCHEMA, 'off')).toMatchObject({ ran: false, vacuumed: [] });
    const { rows } = await client.query<{ on: boolean }>(
      `SELECT current_setting('autovacuum') = 'on' AS on`,
    );
    const auto = await maintainTables(url, SCHEMA, 'auto');
    expect(auto).toMatchObject({ autovacuum: rows[0]!.on, ran: !rows[0]!.on });
  });
});

describe('table maintenance of a table past the thresholds', () => {
  const client = new Client({ connectionString: url });
  const schema = `${SCHEMA}_due`;

  beforeAll(async () => {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(
      `CREATE TABLE ${schema}.facts (id bigserial PRIMARY KEY, member_id text NOT NULL, payload text NOT NULL)`,
    );
    await client.query(`CREATE INDEX ON ${schema}.facts (member_id)`);
    await client.query(`CREATE TABLE ${schema}.untouched (id int PRIMARY KEY)`);
    await client.query(
      `INSERT INTO ${schema}.facts (member_id, payload)
       SELECT 'M' || (g % 40000), repeat('x', 40) FROM generate_series(1, 200000) g`,
    );
    await client.query(`DELETE FROM ${schema}.facts WHERE id % 5 = 0`);
    await client.query('SELECT pg_stat_force_next_flush()');
    await client.query('SELECT 1');
  });

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  async function planOfChunkRead(): Promise<string> {
    const members = Array.from({ length: 300 }, (_, i) => `M${i * 13}`);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT * FROM ${schema}.facts WHERE member_id = ANY($1)`,
      [members],
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it('vacuums and analyzes it, leaves the rest, and the chunk read then uses the index', async () => {
    const { rows } = await client.query<{ analyzed: boolean }>(
      `SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL AS analyzed
       FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'facts'`,
      [schema],
    );
    // Without statistics 300 members × 0.5% each is the whole table: a sequential scan.
    if (!rows[0]!.analyzed) expect(await planOfChunkRead()).toMatch(/Seq Scan/);

    const run = await maintainTables(url, schema, 'on');
    expect(run).toMatchObject({ ran: true, vacuumed: ['facts'], analyzed: [] });

    expect(await planOfChunkRead()).toMatch(/Index Scan|Bitmap Index Scan/);
    const [stats] = (
      await client.query<{ reltuples: number; dead: string }>(
        `SELECT c.reltuples, s.n_dead_tup AS dead FROM pg_class c
         JOIN pg_stat_user_tables s ON s.relid = c.oid
         WHERE s.schemaname = $1 AND s.relname = 'facts'`,
        [schema],
      )
    ).rows;
    expect(stats!.reltuples).toBeCloseTo(160_000, -3);
    expect(Number(stats!.dead)).toBe(0);

    // Nothing is due right after.
    await client.query('SELECT pg_stat_force_next_flush()');
    expect(await maintainTables(url, schema, 'on')).toMatchObject({ vacuumed: [], analyzed: [] });
  });

  it('analyzes a table whose rows changed without enough dead rows for a vacuum', async () => {
    await client.query(`UPDATE ${schema}.facts SET payload = 'y' WHERE id % 10 = 1`);
    await client.query('SELECT pg_stat_force_next_flush()');
    await client.query('SELECT 1');
    const run = await maintainTables(url, schema, 'on');
    expect(run).toMatchObject({ vacuumed: [], analyzed: ['facts'] });
  });
});
