import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CaseManagerContact,
  CcmCaseChanged,
  CcmCriterionId,
  ClinicalStatusUpdated,
} from '@careflow/contracts';

/** This service's projection of a case (the latest ccm.cases.v1 event of it). */
export interface CaseProjection {
  readonly caseId: string;
  readonly memberId: string;
  readonly status: CcmCaseChanged['status'];
  readonly caseManagerId: string | null;
  readonly caseManager: CaseManagerContact | null;
  readonly criteriaMet: readonly CcmCriterionId[];
}

interface CaseRow {
  case_id: string;
  member_id: string;
  status: CcmCaseChanged['status'];
  case_manager_id: string | null;
  case_manager: CaseManagerContact | null;
  criteria_met: CcmCriterionId[];
}

const toCase = (row: CaseRow): CaseProjection => ({
  caseId: row.case_id,
  memberId: row.member_id,
  status: row.status,
  caseManagerId: row.case_manager_id,
  caseManager: row.case_manager,
  criteriaMet: row.criteria_met,
});

const COLUMNS = 'case_id, member_id, status, case_manager_id, case_manager, criteria_met';

/** The case projection (`cases`), which also holds each case manager's caseload. */
@Injectable()
export class CaseRepository {
  /**
   * Stores the case as the event tells it and answers its status and case manager from before
   * (null for a case not seen yet). One statement: both parts see the snapshot from before it
   * (the caller's member lock keeps every other writer of this case out meanwhile).
   */
  async upsert(
    manager: EntityManager,
    change: CcmCaseChanged,
  ): Promise<{ status: string; caseManagerId: string | null } | null> {
    const previous: { status: string; case_manager_id: string | null }[] = await manager.query(
      `WITH previous AS (SELECT status, case_manager_id FROM cases WHERE case_id = $1),
            upserted AS (
              INSERT INTO cases (case_id, member_id, status, case_manager_id, case_manager, criteria_met, updated_at)
              VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], now())
              ON CONFLICT (case_id) DO UPDATE SET member_id = EXCLUDED.member_id, status = EXCLUDED.status,
                case_manager_id = EXCLUDED.case_manager_id, case_manager = EXCLUDED.case_manager,
                criteria_met = EXCLUDED.criteria_met, updated_at = now()
              RETURNING case_id)
       SELECT status, case_manager_id FROM previous`,
      [
        change.caseId,
        change.memberId,
        change.status,
        change.caseManager?.id ?? null,
        change.caseManager ? JSON.stringify(change.caseManager) : null,
        change.criteriaMet,
      ],
    );
    const before = previous[0];
    return before ? { status: before.status, caseManagerId: before.case_manager_id } : null;
  }

  /** A status update for a case not seen yet (its ccm.cases.v1 event may still be on its way). */
  async insertEnrolledUnlessKnown(
    manager: EntityManager,
    update: ClinicalStatusUpdated,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO cases (case_id, member_id, status, case_manager_id, case_manager)
       VALUES ($1, $2, 'enrolled', $3, $4::jsonb) ON CONFLICT (case_id) DO NOTHING`,
      [update.caseId, update.memberId, update.caseManager.id, JSON.stringify(update.caseManager)],
    );
  }

  async byId(manager: EntityManager, caseId: string): Promise<CaseProjection | null> {
    const rows: CaseRow[] = await manager.query(`SELECT ${COLUMNS} FROM cases WHERE case_id = $1`, [
      caseId,
    ]);
    return rows[0] ? toCase(rows[0]) : null;
  }

  /** The enrolled cases of these members, locked for the caller's transaction. */
  async enrolledOfMembersForUpdate(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<CaseProjection[]> {
    const rows: CaseRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM cases
        WHERE member_id = ANY($1::text[]) AND status = 'enrolled' ORDER BY case_id FOR UPDATE`,
      [memberIds],
    );
    return rows.map(toCase);
  }
}
