import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The documents eligibility only stores whole and reads back whole become `json` (the text as
 * sent, checked to be JSON) instead of `jsonb`: no SQL looks inside them, and turning every
 * chunk's spans and PCPs into `jsonb` (parsing each into a tree, sorting its keys) and back into
 * text on each as-of read was work for nothing on the ingest path (as case-management found for
 * its profiles, 1732000001001).
 *
 * The change rewrites the two tables (under an exclusive lock, once, at upgrade).
 */
export class StoredDocumentsAsJson1797300002900 implements MigrationInterface {
  name = 'StoredDocumentsAsJson1797300002900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE member_spans ALTER COLUMN spans TYPE json USING spans::json`,
    );
    await queryRunner.query(
      `ALTER TABLE coverage_facts ALTER COLUMN pcp TYPE json USING pcp::json`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE coverage_facts ALTER COLUMN pcp TYPE jsonb USING pcp::jsonb`,
    );
    await queryRunner.query(
      `ALTER TABLE member_spans ALTER COLUMN spans TYPE jsonb USING spans::jsonb`,
    );
  }
}
