import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';

export interface AuditEntry {
  readonly actor: Principal;
  /** What was done, e.g. `coverage.read`, `letter.download`. */
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId?: string | null;
  readonly memberId?: string | null;
  /** `allowed`, `denied` or `not-found`: refused reads are audited too. */
  readonly outcome: 'allowed' | 'denied' | 'not-found';
  readonly clientIp?: string | null;
  readonly userAgent?: string | null;
  readonly requestId?: string | null;
}

/**
 * Appends to the service's append-only audit log. Reads of member data must call it. A change
 * passes its transaction's `manager`, so its audit record commits with it or not at all (and a
 * failed audit insert rolls the change back); without one the record commits on its own.
 */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.recordMany([entry], manager);
  }

  async recordMany(entries: readonly AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_log (actor_id, actor_roles, action, resource_type, resource_id, member_id, outcome, client_ip, user_agent, request_id)
       SELECT u.actor_id, string_to_array(u.roles, ','), u.action, u.resource_type, u.resource_id, u.member_id, u.outcome, u.client_ip, u.user_agent, u.request_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           AS u(actor_id, roles, action, resource_type, resource_id, member_id, outcome, client_ip, user_agent, request_id)`,
      [
        entries.map((e) => e.actor.id),
        entries.map((e) => e.actor.roles.join(',')),
        entries.map((e) => e.action),
        entries.map((e) => e.resourceType),
        entries.map((e) => e.resourceId ?? null),
        entries.map((e) => e.memberId ?? null),
        entries.map((e) => e.outcome),
        entries.map((e) => e.clientIp ?? null),
        entries.map((e) => e.userAgent?.slice(0, 300) ?? null),
        entries.map((e) => e.requestId ?? null),
      ],
    );
  }

  /**
   * Who touched one member's data in [from, to), oldest first, at most `limit` (one more is read to
   * tell whether the period holds more).
   */
  async disclosures(
    memberId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<{ disclosures: Disclosure[]; truncated: boolean }> {
    const rows = await this.dataSource.query<Disclosure[]>(
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at",
              actor_id AS "actorId", actor_roles AS "actorRoles", action,
              resource_type AS "resourceType", resource_id AS "resourceId", outcome,
              client_ip AS "clientIp", request_id AS "requestId"
         FROM audit_log
        WHERE member_id = $1 AND occurred_at >= $2 AND occurred_at < $3
        ORDER BY occurred_at, chain_seq LIMIT $4`,
      [memberId, from, to, limit + 1],
    );
    return { disclosures: rows.slice(0, limit), truncated: rows.length > limit };
  }

  /** Entries about one member, newest first (for the audit trail and tests). */
  async forMember(memberId: string, limit = 100): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT id, occurred_at, actor_id, actor_roles, action, resource_type, resource_id, member_id, outcome, client_ip
         FROM audit_log WHERE member_id = $1 ORDER BY id DESC LIMIT $2`,
      [memberId, limit],
    );
  }
}

/** One access to a member's data, for an accounting of disclosures (45 CFR 164.528). */
export interface Disclosure {
  readonly at: string;
  readonly actorId: string;
  readonly actorRoles: string[];
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly outcome: string;
  readonly clientIp: string | null;
  readonly requestId: string | null;
}

export interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_id: string;
  actor_roles: string[];
  action: string;
  resource_type: string;
  resource_id: string | null;
  member_id: string | null;
  outcome: string;
  client_ip: string | null;
}
