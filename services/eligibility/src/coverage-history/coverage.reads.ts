import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CoverageSpan } from '@careflow/contracts';
import { binder, caseloadCondition } from '@careflow/platform';

export interface MemberRecord {
  readonly memberId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly version: number | null;
  readonly spans: readonly CoverageSpan[];
}

export interface CoverageLookup {
  /** Null when eligibility has never received coverage for the member. */
  readonly member: MemberRecord | null;
  /** Whether the asking case manager holds an open case of the member (false when not asked). */
  readonly inCaseload: boolean;
}

/** The read side: one indexed query per request (members ⋈ member_spans, plus the caseload). */
@Injectable()
export class CoverageReads {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async lookup(memberId: string, caseManagerId: string | null): Promise<CoverageLookup> {
    const params: unknown[] = [memberId];
    // The platform's caseload rule over the projection of ccm.cases.v1.
    const inCaseload = caseManagerId
      ? caseloadCondition('caseload', 'q.member_id', caseManagerId, binder(params))
      : 'false';
    const rows: {
      member_id: string | null;
      first_name: string | null;
      last_name: string | null;
      birth_date: string | null;
      version: string | null;
      spans: CoverageSpan[] | null;
      in_caseload: boolean;
    }[] = await this.dataSource.query(
      `SELECT m.member_id, m.first_name, m.last_name, m.birth_date::text AS birth_date,
              s.version, s.spans, ${inCaseload} AS in_caseload
         FROM (SELECT $1::text AS member_id) q
         LEFT JOIN members m ON m.member_id = q.member_id
         LEFT JOIN member_spans s ON s.member_id = q.member_id`,
      params,
    );
    const row = rows[0];
    if (!row) return { member: null, inCaseload: false };
    const member: MemberRecord | null =
      row.member_id !== null
        ? {
            memberId: row.member_id,
            firstName: row.first_name ?? '',
            lastName: row.last_name ?? '',
            birthDate: row.birth_date ?? '',
            version: row.version !== null ? Number(row.version) : null,
            spans: row.spans ?? [],
          }
        : null;
    return { member, inCaseload: row.in_caseload };
  }
}
