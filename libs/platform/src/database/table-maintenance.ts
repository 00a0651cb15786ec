import { Client } from 'pg';

/**
 * VACUUM and ANALYZE of a service's own tables, for servers whose autovacuum is off (this
 * project's benchmark and CI machine is one). Without ANALYZE the planner has no column
 * statistics: `member_id = ANY($1)` on a non-unique column is then estimated at 0.5% of the table
 * per element and a chunk of 500 members becomes a sequential scan; without VACUUM the outbox's
 * and the read models' dead rows are never reclaimed.
 *
 * Thresholds are autovacuum's defaults (PostgreSQL 15 documentation, 25.1.6 "The Autovacuum
 * Daemon" and 20.10 "Automatic Vacuuming": autovacuum_vacuum_threshold 50 and _scale_factor 0.2,
 * autovacuum_vacuum_insert_threshold 1000 and _scale_factor 0.2, autovacuum_analyze_threshold 50
 * and _scale_factor 0.1), so a table is maintained when the daemon would have done it.
 */
export const AUTOVACUUM_DEFAULTS = {
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  vacuumInsertThreshold: 1000,
  vacuumInsertScaleFactor: 0.2,
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
} as const;

/** `auto`: only when the server's autovacuum is off; `on`: always; `off`: never. */
export type TableMaintenanceMode = 'auto' | 'on' | 'off';

export interface TableMaintenanceRun {
  /** The server's `autovacuum` setting. */
  readonly autovacuum: boolean;
  /** False when `auto` found autovacuum on: the daemon does it. */
  readonly ran: boolean;
  readonly vacuumed: readonly string[];
  readonly analyzed: readonly string[];
}

interface DueTable {
  readonly name: string;
  readonly vacuum: boolean;
}

// reltuples is -1 for a table never vacuumed or analyzed: counted as empty, so it is due soon.
const DUE_TABLES_SQL = `
  WITH t AS (
    SELECT s.relname AS name, GREATEST(c.reltuples, 0) AS tuples,
           s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    WHERE s.schemaname = $1 AND c.relkind = 'r'),
  due AS (
    SELECT name,
           n_dead_tup > $2 + $3 * tuples OR n_ins_since_vacuum > $4 + $5 * tuples AS vacuum,
           n_mod_since_analyze > $6 + $7 * tuples AS analyze_due
    FROM t)
  SELECT name, vacuum FROM due WHERE vacuum OR analyze_due ORDER BY name`;

/**
 * One pass over `schema` as `ownerUrl`'s role (only a table's owner may VACUUM or ANALYZE it):
 * `VACUUM (ANALYZE)` where dead or newly inserted rows passed the threshold, else `ANALYZE` where
 * modified rows did. Table names only are returned (no data).
 */
export async function maintainTables(
  ownerUrl: string,
  schema: string,
  mode: TableMaintenanceMode,
): Promise<TableMaintenanceRun> {
  const client = new Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ autovacuum: string }>(
      `SELECT current_setting('autovacuum') AS autovacuum`,
    );
    const autovacuum = rows[0]?.autovacuum === 'on';
    if (mode === 'off' || (mode === 'auto' && autovacuum))
      return { autovacuum, ran: false, vacuumed: [], analyzed: [] };
    const d = AUTOVACUUM_DEFAULTS;
    const due = await client.query<DueTable>(DUE_TABLES_SQL, [
      schema,
      d.vacuumThreshold,
      d.vacuumScaleFactor,
      d.vacuumInsertThreshold,
      d.vacuumInsertScaleFactor,
      d.analyzeThreshold,
      d.analyzeScaleFactor,
    ]);
    const vacuumed: string[] = [];
    const analyzed: string[] = [];
    for (const table of due.rows) {
      const name = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table.name)}`;
      // One table at a time, each in its own statement: VACUUM cannot run in a transaction.
      await client.query(table.vacuum ? `VACUUM (ANALYZE) ${name}` : `ANALYZE ${name}`);
      (table.vacuum ? vacuumed : analyzed).push(table.name);
    }
    return { autovacuum, ran: true, vacuumed, analyzed };
  } finally {
    await client.end();
  }
}
