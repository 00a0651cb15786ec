import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The latest status and case manager of one case, as case-management published it. */
export interface CaseAssignmentRecord {
  readonly caseId: string;
  readonly memberId: string;
  readonly caseManagerId: string | null;
  readonly status: string;
}

/** Eligibility's projection of ccm.cases.v1 (`caseload`): who may read whose coverage. */
@Injectable()
export class CaseloadRepository {
  /** Stores each case's latest assignment in one statement (at most one row per case). */
  async recordAssignments(
    manager: EntityManager,
    cases: readonly CaseAssignmentRecord[],
  ): Promise<void> {
    if (cases.length === 0) return;
    await manager.query(
      `INSERT INTO caseload (case_id, member_id, case_manager_id, status)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (case_id) DO UPDATE
         SET member_id = EXCLUDED.member_id, case_manager_id = EXCLUDED.case_manager_id,
             status = EXCLUDED.status, updated_at = now()`,
      [
        cases.map((c) => c.caseId),
        cases.map((c) => c.memberId),
        cases.map((c) => c.caseManagerId),
        cases.map((c) => c.status),
      ],
    );
  }
}
