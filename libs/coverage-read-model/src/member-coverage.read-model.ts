import type { EntityManager } from 'typeorm';
import type { CoverageSpan, MemberCoverageChanged } from '@careflow/contracts';
import { coverageOn } from './coverage-on';

export interface MemberCoverageSnapshot {
  readonly memberId: string;
  readonly version: number;
  readonly spans: readonly CoverageSpan[];
}

/**
 * A service's own copy of eligibility's published coverage (`eligibility.member-coverage.v1`),
 * kept in the service's schema so it never calls eligibility per event nor reads its tables.
 * Each event carries the member's whole history and a version: an older version never replaces
 * a newer one, so redelivery and compaction replays are harmless.
 */
export class MemberCoverageReadModel {
  /** Stores the snapshot if it is newer than what is held; true when it was applied. */
  async apply(manager: EntityManager, snapshot: MemberCoverageChanged): Promise<boolean> {
    return (await this.applyMany(manager, [snapshot])).length > 0;
  }

  /**
   * `apply` for a whole chunk in one statement (catching up on the compacted topic is then one
   * round trip per chunk). Of several snapshots of one member only the newest is written, since
   * one statement may not update a row twice. Answers the members whose coverage changed.
   */
  async applyMany(
    manager: EntityManager,
    snapshots: readonly MemberCoverageChanged[],
  ): Promise<string[]> {
    const newest = new Map<string, MemberCoverageChanged>();
    for (const snapshot of snapshots) {
      const held = newest.get(snapshot.memberId);
      if (!held || held.version < snapshot.version) newest.set(snapshot.memberId, snapshot);
    }
    if (newest.size === 0) return [];
    const chosen = [...newest.values()];
    const rows: { member_id: string }[] = await manager.query(
      `INSERT INTO member_coverage (member_id, version, spans, updated_at)
       SELECT m, v, s, now() FROM unnest($1::text[], $2::bigint[], $3::jsonb[]) AS u(m, v, s)
       ON CONFLICT (member_id) DO UPDATE
         SET version = EXCLUDED.version, spans = EXCLUDED.spans, updated_at = now()
         WHERE member_coverage.version < EXCLUDED.version
       RETURNING member_id`,
      [
        chosen.map((x) => x.memberId),
        chosen.map((x) => x.version),
        chosen.map((x) => JSON.stringify(x.spans)),
      ],
    );
    return rows.map((r) => r.member_id);
  }

  /**
   * Runs `write`, a statement whose RETURNING list holds `member_id`, and reads the snapshots of
   * the members it returned in the same statement: one round trip where a handler records
   * something and then needs its members' coverage. The snapshots are as of the statement's start.
   */
  async writeThenSnapshots<TRow extends { member_id: string }>(
    manager: EntityManager,
    write: string,
    params: readonly unknown[],
  ): Promise<{ written: TRow[]; snapshots: Map<string, MemberCoverageSnapshot> }> {
    const rows: (TRow & {
      snapshot_version: string | null;
      snapshot_spans: CoverageSpan[] | null;
    })[] = await manager.query(
      `WITH written AS (${write})
         SELECT written.*, c.version AS snapshot_version, c.spans AS snapshot_spans
           FROM written LEFT JOIN member_coverage c ON c.member_id = written.member_id`,
      [...params],
    );
    const written: TRow[] = [];
    const snapshots = new Map<string, MemberCoverageSnapshot>();
    for (const { snapshot_version: version, snapshot_spans: spans, ...row } of rows) {
      written.push(row as unknown as TRow);
      if (version !== null && spans !== null)
        snapshots.set(row.member_id, { memberId: row.member_id, version: Number(version), spans });
    }
    return { written, snapshots };
  }

  async snapshotOf(
    manager: EntityManager,
    memberId: string,
  ): Promise<MemberCoverageSnapshot | null> {
    const rows: { member_id: string; version: string; spans: CoverageSpan[] }[] =
      await manager.query(
        `SELECT member_id, version, spans FROM member_coverage WHERE member_id = $1`,
        [memberId],
      );
    const row = rows[0];
    return row ? { memberId: row.member_id, version: Number(row.version), spans: row.spans } : null;
  }

  async snapshotsOf(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<Map<string, MemberCoverageSnapshot>> {
    const rows: { member_id: string; version: string; spans: CoverageSpan[] }[] =
      await manager.query(
        `SELECT member_id, version, spans FROM member_coverage WHERE member_id = ANY($1::text[])`,
        [memberIds],
      );
    return new Map(
      rows.map((r) => [
        r.member_id,
        { memberId: r.member_id, version: Number(r.version), spans: r.spans },
      ]),
    );
  }

  /**
   * The coverage in force on `date`: `unknown-member` when eligibility never published the
   * member (coverage may still be on its way), `no-coverage` when it did and no span covers it.
   */
  async coverageOn(
    manager: EntityManager,
    memberId: string,
    date: string,
  ): Promise<
    { status: 'covered'; span: CoverageSpan } | { status: 'no-coverage' | 'unknown-member' }
  > {
    const snapshot = await this.snapshotOf(manager, memberId);
    if (!snapshot) return { status: 'unknown-member' };
    const span = coverageOn(snapshot.spans, date);
    return span ? { status: 'covered', span } : { status: 'no-coverage' };
  }
}
