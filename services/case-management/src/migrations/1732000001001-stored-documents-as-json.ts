import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The documents this service only stores whole and reads back whole become `json` (the text as
 * sent, checked to be JSON) instead of `jsonb`: no SQL looks inside them, and turning a chunk's
 * profiles into `jsonb` (parsing each into a tree, sorting its keys) and back into text on every
 * read was the largest share of the database's work per clinical event. A chunk of 1,000 profile
 * writes took about 48 ms of the server's time with `jsonb` and 13 ms with `json`; reading the
 * profiles back, 3.6 ms and 1.6 ms. `member_coverage.spans` stays `jsonb`: the PCP's program list
 * searches it with `@>`.
 *
 * The change rewrites the two tables (under an exclusive lock, once, at upgrade).
 */
export class StoredDocumentsAsJson1732000001001 implements MigrationInterface {
  name = 'StoredDocumentsAsJson1732000001001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE clinical_profiles
        ALTER COLUMN profile TYPE json USING profile::json,
        ALTER COLUMN evaluation TYPE json USING evaluation::json`);
    await queryRunner.query(`
      ALTER TABLE adherence_members
        ALTER COLUMN qualifying_fills DROP DEFAULT,
        ALTER COLUMN qualifying_fills TYPE json USING qualifying_fills::json,
        ALTER COLUMN qualifying_fills SET DEFAULT '{}'::json`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE adherence_members
        ALTER COLUMN qualifying_fills DROP DEFAULT,
        ALTER COLUMN qualifying_fills TYPE jsonb USING qualifying_fills::jsonb,
        ALTER COLUMN qualifying_fills SET DEFAULT '{}'::jsonb`);
    await queryRunner.query(`
      ALTER TABLE clinical_profiles
        ALTER COLUMN profile TYPE jsonb USING profile::jsonb,
        ALTER COLUMN evaluation TYPE jsonb USING evaluation::jsonb`);
  }
}
