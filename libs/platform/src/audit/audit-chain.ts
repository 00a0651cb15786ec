import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { quoteIdent } from '../database/roles';
import type { AuditRow } from './audit.service';

/** The outcome of walking one schema's audit chain. */
export interface ChainReport {
  readonly schema: string;
  /** Rows checked. */
  readonly rows: number;
  readonly intact: boolean;
  /** The first row at fault (or where rows are missing), with why. */
  readonly firstBroken?: {
    readonly seq: string;
    readonly id: string | null;
    readonly reason: string;
  };
  /**
   * Of an intact chain, its last row: `seq` and `hash` (sha256, hex). Kept outside the database
   * (write-once storage, a ticket), it is an anchor: a later run given it proves that row is still
   * there unchanged, which a superuser who rewrote the whole chain consistently could not fake.
   */
  readonly head?: ChainAnchor;
}

/** A chain row's position and hash as recorded outside the database. */
export interface ChainAnchor {
  readonly seq: string;
  /** sha256, hex. */
  readonly hash: string;
}

/** An audit row as the verifier reads it: times as canonical text, the chain columns. */
interface ChainRow extends Omit<AuditRow, 'occurred_at'> {
  seq: string;
  at: string;
  user_agent: string | null;
  request_id: string | null;
  prev: Buffer;
  hash: Buffer;
}

const GENESIS = Buffer.alloc(32);
const BATCH = 5000;

/** A field as `audit_field` encodes it: its UTF-8 length, a colon and the text; `~` for NULL. */
function field(value: string | null): string {
  return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/**
 * `audit_row_canonical` of the chain migration, computed here from the stored values: a verifier
 * that asked the database for the hash would trust whoever can replace the function.
 */
export function canonicalAuditRow(row: Omit<ChainRow, 'prev' | 'hash'>): string {
  const roles = row.actor_roles.length === 0 ? null : row.actor_roles.map(field).join('');
  return [
    row.id,
    row.seq,
    row.at,
    row.actor_id,
    roles,
    row.action,
    row.resource_type,
    row.resource_id,
    row.member_id,
    row.outcome,
    row.client_ip,
    row.user_agent,
    row.request_id,
  ]
    .map(field)
    .join('');
}

export function auditRowHash(prev: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(prev).update(canonical, 'utf8').digest();
}

/**
 * Walks a schema's audit chain in `chain_seq` order: every row must follow the previous one
 * without a gap, link to its hash and hash to what it holds, and the chain head must be the last
 * row (rows deleted from the end or a truncation are caught there). Each of `anchors` (heads
 * exported by earlier runs) must still be in the chain with the same hash.
 */
export async function verifyAuditChain(
  dataSource: DataSource,
  schema: string,
  anchors: readonly ChainAnchor[] = [],
): Promise<ChainReport> {
  const anchored = new Map(anchors.map((a) => [BigInt(a.seq), a.hash.toLowerCase()]));
  const table = `${quoteIdent(schema)}.audit_log`;
  let previous: Buffer = GENESIS;
  let lastSeq = 0n;
  let rows = 0;
  const broken = (seq: bigint | string, id: string | null, reason: string): ChainReport => ({
    schema,
    rows,
    intact: false,
    firstBroken: { seq: String(seq), id, reason },
  });
  for (;;) {
    const batch = await dataSource.query<ChainRow[]>(
      `SELECT id::text AS id, chain_seq::text AS seq,
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
              actor_id, actor_roles, action, resource_type, resource_id, member_id, outcome,
              client_ip, user_agent, request_id, prev_hash AS prev, row_hash AS hash
         FROM ${table} WHERE chain_seq > $1 ORDER BY chain_seq LIMIT $2`,
      [lastSeq.toString(), BATCH],
    );
    for (const row of batch) {
      const seq = BigInt(row.seq);
      if (seq !== lastSeq + 1n) {
        return broken(lastSeq + 1n, null, `row ${lastSeq + 1n} of the chain is missing`);
      }
      if (!row.prev.equals(previous)) {
        return broken(
          seq,
          row.id,
          'does not link to the previous row (a row was removed or replaced)',
        );
      }
      if (!auditRowHash(previous, canonicalAuditRow(row)).equals(row.hash)) {
        return broken(seq, row.id, 'its content does not match its hash (the row was altered)');
      }
      const anchor = anchored.get(seq);
      if (anchor !== undefined && anchor !== row.hash.toString('hex')) {
        return broken(
          seq,
          row.id,
          'its hash differs from the anchor kept outside the database (the chain was rewritten)',
        );
      }
      previous = row.hash;
      lastSeq = seq;
      rows += 1;
    }
    if (batch.length < BATCH) break;
  }
  const [head] = await dataSource.query<{ seq: string; hash: Buffer }[]>(
    `SELECT seq::text AS seq, hash FROM ${quoteIdent(schema)}.audit_chain_head`,
  );
  if (!head) return broken(lastSeq + 1n, null, 'the chain head is missing');
  if (BigInt(head.seq) !== lastSeq || !head.hash.equals(previous)) {
    return broken(lastSeq + 1n, null, `rows ${lastSeq + 1n} to ${head.seq} are missing`);
  }
  const beyond = [...anchored.keys()].find((seq) => seq > lastSeq);
  if (beyond !== undefined) {
    return broken(beyond, null, 'the anchored row is no longer in the chain (the chain was cut)');
  }
  return {
    schema,
    rows,
    intact: true,
    head: { seq: lastSeq.toString(), hash: previous.toString('hex') },
  };
}

/** Schemas of the database whose audit log is chained. */
export async function chainedAuditSchemas(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ schema: string }[]>(
    `SELECT table_schema AS schema FROM information_schema.columns
      WHERE table_name = 'audit_log' AND column_name = 'row_hash' ORDER BY table_schema`,
  );
  return rows.map((r) => r.schema);
}
