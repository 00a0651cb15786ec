import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { ROLES, type Principal } from '../auth/principal';
import type { StreamTicketRepository } from './stream-ticket.repository';

/** 32 random bytes, base64url: what a live stream's `?ticket=` accepts. */
export const streamTicket = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a stream ticket');

const storedPrincipal = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  vendors: z.array(z.string()).optional(),
});

const hashOf = (ticket: string): string => createHash('sha256').update(ticket).digest('hex');

export interface RedeemedTicket {
  readonly principal: Principal;
  /** When the access token the ticket was issued for expires: the stream closes then. */
  readonly tokenExpiresAt: Date;
}

/**
 * Tickets that open the live stream without putting an access token in a URL (URLs end up in
 * logs and browser history): bound to the principal and the expiry of the token that asked for
 * it, valid for seconds, usable once.
 */
export class StreamTickets {
  constructor(private readonly repository: StreamTicketRepository) {}

  async issue(
    manager: EntityManager,
    principal: Principal,
    tokenExpiresAt: Date,
    ttlSeconds: number,
  ): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Math.min(Date.now() + ttlSeconds * 1000, tokenExpiresAt.getTime()));
    await this.repository.insert(manager, {
      hash: hashOf(ticket),
      principal,
      tokenExpiresAt,
      expiresAt,
    });
    return { ticket, expiresAt };
  }

  /** The ticket's principal, once: the row is deleted as it is read. Expired: undefined. */
  async redeem(manager: EntityManager, ticket: string): Promise<RedeemedTicket | undefined> {
    const stored = await this.repository.take(manager, hashOf(ticket));
    if (!stored) return undefined;
    const principal = storedPrincipal.parse(stored.principal);
    return {
      principal: { ...principal, ...(principal.vendors ? { vendors: principal.vendors } : {}) },
      tokenExpiresAt: stored.tokenExpiresAt,
    };
  }
}
