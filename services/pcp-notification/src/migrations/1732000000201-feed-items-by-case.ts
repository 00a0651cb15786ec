import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed items by case and kind: every case event closes the open items of a kind on its case
 * (`closeOpen`, `hasOpen`), and without this index each of those scanned the whole feed, so a
 * burst of enrollments got slower as the feed grew.
 */
export class FeedItemsByCase1732000000201 implements MigrationInterface {
  name = 'FeedItemsByCase1732000000201';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS feed_items_case ON feed_items (case_id, kind)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS feed_items_case`);
  }
}
