import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CoverageSpan } from '@careflow/contracts';

/** A fill that qualified for the program when it was adjudicated (kept until it is reversed). */
export interface QualifyingFill {
  fillDate: string;
  ndc: string;
  drugName: string | null;
  medicationClass: string | null;
  reasons: string[];
}

/** A member's standing in the drug adherence program (`adherence_members`). */
export interface AdherenceMember {
  memberId: string;
  eligible: boolean;
  /** By claim id. */
  qualifyingFills: Record<string, QualifyingFill>;
  reasons: string[];
}

/** An eligible member with the coverage that names their PCP. */
export interface ProgramMemberWithCoverage {
  memberId: string;
  reasons: string[];
  qualifyingFills: Record<string, QualifyingFill>;
  spans: CoverageSpan[];
}

interface AdherenceRow {
  member_id: string;
  eligible: boolean;
  qualifying_fills: Record<string, QualifyingFill>;
  reasons: string[];
}

/** The drug adherence program's members: the only place their SQL lives. */
@Injectable()
export class AdherenceRepository {
  /** The members' rows, locked until the transaction ends (in member-id order: no deadlock). */
  async lock(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<Map<string, AdherenceMember>> {
    const rows: AdherenceRow[] = await manager.query(
      `SELECT member_id, eligible, qualifying_fills, reasons FROM adherence_members
        WHERE member_id = ANY($1::text[]) ORDER BY member_id FOR UPDATE`,
      [[...new Set(memberIds)].sort()],
    );
    return new Map(
      rows.map((r) => [
        r.member_id,
        {
          memberId: r.member_id,
          eligible: r.eligible,
          qualifyingFills: r.qualifying_fills,
          reasons: r.reasons,
        },
      ]),
    );
  }

  /** Creates or replaces the members' rows, in one statement. */
  async save(manager: EntityManager, members: readonly AdherenceMember[]): Promise<void> {
    if (members.length === 0) return;
    await manager.query(
      `INSERT INTO adherence_members (member_id, eligible, qualifying_fills, reasons, updated_at)
       SELECT u.member_id, u.eligible, u.fills, u.reasons, now()
         FROM json_to_recordset($1::json)
           AS u(member_id text, eligible boolean, fills json, reasons text[])
       ON CONFLICT (member_id) DO UPDATE
         SET eligible = EXCLUDED.eligible, qualifying_fills = EXCLUDED.qualifying_fills,
             reasons = EXCLUDED.reasons, updated_at = now()`,
      [
        JSON.stringify(
          members.map((m) => ({
            member_id: m.memberId,
            eligible: m.eligible,
            fills: m.qualifyingFills,
            reasons: m.reasons,
          })),
        ),
      ],
    );
  }

  /**
   * Eligible members whose coverage (any span) names this PCP, with their spans: the caller keeps
   * those whose PCP it is on the day it asks about.
   */
  async eligibleWithPcp(
    manager: EntityManager,
    pcpNpi: string,
  ): Promise<ProgramMemberWithCoverage[]> {
    const rows: {
      member_id: string;
      reasons: string[];
      qualifying_fills: Record<string, QualifyingFill>;
      spans: CoverageSpan[];
    }[] = await manager.query(
      `SELECT a.member_id, a.reasons, a.qualifying_fills, c.spans
           FROM adherence_members a JOIN member_coverage c USING (member_id)
          WHERE a.eligible AND c.spans @> $1::jsonb
          ORDER BY a.member_id`,
      [JSON.stringify([{ pcp: { npi: pcpNpi } }])],
    );
    return rows.map((r) => ({
      memberId: r.member_id,
      reasons: r.reasons,
      qualifyingFills: r.qualifying_fills,
      spans: r.spans,
    }));
  }
}
