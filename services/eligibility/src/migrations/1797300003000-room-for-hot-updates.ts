import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `members`, `coverage_facts` and `member_spans` leave 10% of each page free (`fillfactor` 90)
 * so that the ingest's upserts can be HOT updates: the new row version goes on the same page and
 * no primary-key entry is added, because no indexed column changes (the key never does).
 *
 * Packed full (the default 100), every update of a stored member moved its row to another page
 * and inserted a new index entry: at 1,000,000 members (shared_buffers 128 MB, random members,
 * a chunk of 2,000 rows per table, `EXPLAIN (ANALYZE, BUFFERS, WAL)`, 2026-12-07) 0% of the
 * updates were HOT, 1.8 pages dirtied and 4 WAL records (1.7 full-page images) per row per
 * table; with 90, 100% HOT, 0.95 pages dirtied, 2 WAL records (0.95 full-page images) and about
 * 45% fewer WAL bytes per row, at 8-17% more table size. The growth of a member's cost with the
 * member count is mostly those pages and full-page images, each a random page once the tables
 * outgrow shared_buffers.
 *
 * Setting the parameter rewrites nothing (a short SHARE UPDATE EXCLUSIVE lock): pages written
 * from now on keep the room, pages already full get it when rewritten (VACUUM FULL, CLUSTER).
 */
export class RoomForHotUpdates1797300003000 implements MigrationInterface {
  name = 'RoomForHotUpdates1797300003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['members', 'coverage_facts', 'member_spans']) {
      await queryRunner.query(`ALTER TABLE ${table} SET (fillfactor = 90)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['members', 'coverage_facts', 'member_spans']) {
      await queryRunner.query(`ALTER TABLE ${table} RESET (fillfactor)`);
    }
  }
}
