import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MemberCoverageChanged } from '@careflow/contracts';

/** The member's name and birth date: all case-management keeps of who the member is. */
export interface MemberDemographics {
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
}

/**
 * Names and birth dates from eligibility's member-coverage snapshots (`member_demographics`),
 * shown to case managers on the caseload. A snapshot without `member` leaves what is stored.
 */
@Injectable()
export class MemberDemographicsRepository {
  /** Stores the names the snapshots carry; a newer stored version wins over an older snapshot. */
  async storeNewest(
    manager: EntityManager,
    snapshots: readonly Pick<MemberCoverageChanged, 'memberId' | 'version' | 'member'>[],
  ): Promise<void> {
    const named = snapshots.flatMap((s) => (s.member ? [{ ...s, member: s.member }] : []));
    if (named.length === 0) return;
    await manager.query(
      `INSERT INTO member_demographics (member_id, first_name, last_name, birth_date, version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[])
       ON CONFLICT (member_id) DO UPDATE
         SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
             birth_date = EXCLUDED.birth_date, version = EXCLUDED.version, updated_at = now()
         WHERE member_demographics.version < EXCLUDED.version`,
      [
        named.map((s) => s.memberId),
        named.map((s) => s.member.firstName),
        named.map((s) => s.member.lastName),
        named.map((s) => s.member.birthDate),
        named.map((s) => s.version),
      ],
    );
  }

  async of(manager: EntityManager, memberId: string): Promise<MemberDemographics | null> {
    const rows: { first_name: string; last_name: string; birth_date: string }[] =
      await manager.query(
        `SELECT first_name, last_name, birth_date::text AS birth_date
           FROM member_demographics WHERE member_id = $1`,
        [memberId],
      );
    const r = rows[0];
    return r ? { firstName: r.first_name, lastName: r.last_name, birthDate: r.birth_date } : null;
  }
}
