import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';

/** A stored ticket: whose it is (as JSON, validated by the caller) and its token's expiry. */
export interface StoredTicket {
  readonly principal: unknown;
  readonly tokenExpiresAt: Date;
}

/** Stream tickets (`stream_tickets`), kept by the hash of the ticket only. */
@Injectable()
export class StreamTicketRepository {
  /** Stores a ticket; expired tickets go as new ones come, so the table stays small. */
  async insert(
    manager: EntityManager,
    ticket: { hash: string; principal: unknown; tokenExpiresAt: Date; expiresAt: Date },
  ): Promise<void> {
    await manager.query(`DELETE FROM stream_tickets WHERE expires_at < now()`);
    await manager.query(
      `INSERT INTO stream_tickets (ticket_hash, principal, token_expires_at, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [ticket.hash, JSON.stringify(ticket.principal), ticket.tokenExpiresAt, ticket.expiresAt],
    );
  }

  /** Deletes the ticket as it is read: answered once, and only while it and its token are valid. */
  async take(manager: EntityManager, hash: string): Promise<StoredTicket | null> {
    const rows = await returningRows<{ principal: unknown; token_expires_at: Date }>(
      manager,
      `DELETE FROM stream_tickets
        WHERE ticket_hash = $1 AND expires_at >= now() AND token_expires_at > now()
        RETURNING principal, token_expires_at`,
      [hash],
    );
    const row = rows[0];
    return row
      ? { principal: row.principal, tokenExpiresAt: new Date(row.token_expires_at) }
      : null;
  }
}
