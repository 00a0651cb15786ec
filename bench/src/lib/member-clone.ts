/**
 * Grows a service's member-keyed tables to N members in SQL: the service first stores a few
 * thousand template members the ordinary way (through Kafka), then each table's rows are copied
 * for members T..N-1 from template member i mod T, with the member id replaced in every text and
 * JSON column. The copies are what the service itself wrote, so the stored data has the service's
 * own shape without the benchmark knowing it. And what PostgreSQL read to serve a workload, per
 * table, to tell why a figure changed with the data's size.
 */
import type { Client } from 'pg';

/** Member ids as `memberIdOf` writes them: prefix and the index on 7 digits. */
function memberIdSql(prefix: string, index: string): string {
  return `'${prefix}' || lpad((${index})::text, 7, '0')`;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Copies the rows of template members 0..templates-1 of `schema.table` (keyed by its `member_id`
 * column) to members templates..total-1, in statements of `batch` members.
 */
export async function cloneMembers(
  db: Client,
  schema: string,
  table: string,
  prefix: string,
  templates: number,
  total: number,
  batch = 250_000,
): Promise<void> {
  if (!IDENT.test(schema) || !IDENT.test(table) || !/^[A-Z]+$/.test(prefix))
    throw new Error(`bad clone target ${schema}.${table} (${prefix})`);
  const columns = (
    await db.query<{
      column_name: string;
      data_type: string;
      is_generated: string;
      column_default: string | null;
    }>(
      `SELECT column_name, data_type, is_generated, column_default FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, table],
    )
  ).rows.filter(
    (c) => c.is_generated === 'NEVER' && !(c.column_default ?? '').startsWith('nextval'),
  );
  if (!columns.some((c) => c.column_name === 'member_id'))
    throw new Error(`${schema}.${table} has no member_id column`);
  const newId = memberIdSql(prefix, 'g');
  const exprs = columns.map(({ column_name: c, data_type: type }) => {
    if (c === 'member_id') return newId;
    if (type === 'text') return `replace(src.${c}, src.member_id, ${newId})`;
    if (type === 'json' || type === 'jsonb')
      return `replace(src.${c}::text, src.member_id, ${newId})::${type}`;
    return `src.${c}`;
  });
  for (let from = templates; from < total; from += batch) {
    const to = Math.min(total, from + batch) - 1;
    await db.query(
      `INSERT INTO ${schema}.${table} (${columns.map((c) => c.column_name).join(', ')})
       SELECT ${exprs.join(', ')}
         FROM generate_series(${from}, ${to}) g
         JOIN ${schema}.${table} src ON src.member_id = ${memberIdSql(prefix, `g % ${templates}`)}`,
    );
  }
  await db.query(`VACUUM (ANALYZE) ${schema}.${table}`);
}

export interface TableReads {
  /** Blocks found in shared_buffers (heap + indexes). */
  hit: number;
  /** Blocks read from outside shared_buffers (the OS cache or the disk). */
  read: number;
}

/** Block counters of every table of a schema (heap and indexes together). */
export async function tableReads(db: Client, schema: string): Promise<Map<string, TableReads>> {
  const rows = await db.query<{ relname: string; hit: string; read: string }>(
    `SELECT relname,
            coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0) AS hit,
            coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0) AS read
       FROM pg_statio_user_tables WHERE schemaname = $1`,
    [schema],
  );
  return new Map(rows.rows.map((r) => [r.relname, { hit: Number(r.hit), read: Number(r.read) }]));
}

/** What each table needed between two samples, per event, largest first. */
export function readsPerEvent(
  before: ReadonlyMap<string, TableReads>,
  after: ReadonlyMap<string, TableReads>,
  events: number,
): { table: string; hit: number; read: number }[] {
  const out: { table: string; hit: number; read: number }[] = [];
  for (const [table, a] of after) {
    const b = before.get(table) ?? { hit: 0, read: 0 };
    const hit = (a.hit - b.hit) / events;
    const read = (a.read - b.read) / events;
    if (hit + read > 0) out.push({ table, hit, read });
  }
  return out.sort((x, y) => y.hit + y.read - (x.hit + x.read));
}

/** Size on disk of each table with its indexes, in MiB. */
export async function tableSizes(db: Client, schema: string): Promise<Map<string, number>> {
  const rows = await db.query<{ relname: string; bytes: string }>(
    `SELECT relname, pg_total_relation_size(relid) AS bytes
       FROM pg_statio_user_tables WHERE schemaname = $1`,
    [schema],
  );
  return new Map(rows.rows.map((r) => [r.relname, Number(r.bytes) / 2 ** 20]));
}
