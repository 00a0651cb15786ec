import type { DataSource } from 'typeorm';
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

/** Appends to the service's append-only audit log. Reads of member data must call it. */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.recordMany([entry]);
  }

  async recordMany(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.dataSource.query(
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

  /** Entries about one member, newest first (for the audit trail and tests). */
  async forMember(memberId: string, limit = 100): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT id, occurred_at, actor_id, actor_roles, action, resource_type, resource_id, member_id, outcome, client_ip
         FROM audit_log WHERE member_id = $1 ORDER BY id DESC LIMIT $2`,
      [memberId, limit],
    );
  }
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
