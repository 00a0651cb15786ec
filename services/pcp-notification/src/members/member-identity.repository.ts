import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MemberCoverageChanged } from '@careflow/contracts';

/** The member's name and birth date, printed on letters so the PCP recognises the patient. */
export interface MemberIdentity {
  readonly name: string;
  readonly birthDate: string;
}

/** Names and birth dates from eligibility's member-coverage snapshots (`member_identities`). */
@Injectable()
export class MemberIdentityRepository {
  /** Stores the names the snapshots carry; a newer stored version wins over an older snapshot. */
  async storeNewest(
    manager: EntityManager,
    snapshots: readonly MemberCoverageChanged[],
  ): Promise<void> {
    const named = snapshots.flatMap((s) => (s.member ? [{ ...s, member: s.member }] : []));
    if (named.length === 0) return;
    await manager.query(
      `INSERT INTO member_identities (member_id, first_name, last_name, birth_date, version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[])
       ON CONFLICT (member_id) DO UPDATE
         SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
             birth_date = EXCLUDED.birth_date, version = EXCLUDED.version, updated_at = now()
         WHERE member_identities.version < EXCLUDED.version`,
      [
        named.map((s) => s.memberId),
        named.map((s) => s.member.firstName),
        named.map((s) => s.member.lastName),
        named.map((s) => s.member.birthDate),
        named.map((s) => s.version),
      ],
    );
  }

  async of(manager: EntityManager, memberId: string): Promise<MemberIdentity | null> {
    return (await this.ofMany(manager, [memberId])).get(memberId) ?? null;
  }

  /** The identities on file of these members, by member id. */
  async ofMany(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<Map<string, MemberIdentity>> {
    if (memberIds.length === 0) return new Map();
    const rows: { member_id: string; name: string; birth_date: string }[] = await manager.query(
      `SELECT member_id, first_name || ' ' || last_name AS name, birth_date::text AS birth_date
         FROM member_identities WHERE member_id = ANY($1::text[])`,
      [memberIds],
    );
    return new Map(rows.map((r) => [r.member_id, { name: r.name, birthDate: r.birth_date }]));
  }
}
