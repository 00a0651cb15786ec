import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `member_spans` keeps each member's published version and no longer the spans: an as-of read
 * derives them from the member's facts (`deriveSpans`, as the ingest does before it publishes),
 * which the read reaches by the same key. The spans were a second copy of the facts, written on
 * every published change: 502 of the 2,672 WAL bytes per event of the ingest (`pg_waldump`,
 * 200,000 events, 2026-12-07) and 97 of the table's 103 MB at 143,000 members.
 *
 * Dropping a column rewrites nothing. `down` adds it back empty (`[]`): the spans of the
 * previous version's rows come back with each member's next change, so roll back only together
 * with a replay of the coverage topic.
 */
export class SpansDerivedOnRead1797300004000 implements MigrationInterface {
  name = 'SpansDerivedOnRead1797300004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member_spans DROP COLUMN spans`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE member_spans ADD COLUMN spans json NOT NULL DEFAULT '[]'::json`,
    );
  }
}
