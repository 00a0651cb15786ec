import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The used JWT ids of CDS clients (the only SQL of the CRD door). */
@Injectable()
export class CrdClientTokenRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * Records a token's id; false when the issuer used it before (a replay). Ids of expired tokens
   * are dropped in the same statement: an expired token is refused before its id is looked at.
   */
  async claim(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH expired AS (DELETE FROM crd_client_tokens WHERE expires_at < now() - interval '1 minute')
       INSERT INTO crd_client_tokens (issuer, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (issuer, jti) DO NOTHING
       RETURNING jti`,
      [issuer, jti, expiresAt],
    );
    return rows.length === 1;
  }
}
