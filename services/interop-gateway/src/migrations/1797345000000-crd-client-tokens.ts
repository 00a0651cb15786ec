import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The JWT ids (jti) of the CDS Hooks clients' tokens already used, until the token expires, so
 * a replayed token is refused (CDS Hooks 2.0: "jti ... used to protect against replay attacks").
 * No PHI: issuer, token id and expiry.
 */
export class CrdClientTokens1797345000000 implements MigrationInterface {
  name = 'CrdClientTokens1797345000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE crd_client_tokens (
        issuer      text NOT NULL,
        jti         text NOT NULL,
        expires_at  timestamptz NOT NULL,
        PRIMARY KEY (issuer, jti)
      )`);
    await queryRunner.query(
      `CREATE INDEX crd_client_tokens_expiry ON crd_client_tokens (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE crd_client_tokens`);
  }
}
