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

/** The projection a change leaves (what `upsert` stores), without reading it back. */
export const caseOfChange = (change: CcmCaseChanged): CaseProjection => ({
  caseId: change.caseId,
  memberId: change.memberId,
  status: change.status,
  caseManagerId: change.caseManager?.id ?? null,
  caseManager: change.caseManager ?? null,
  criteriaMet: change.criteriaMet,
});

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
   * Stores each case as its event tells it and answers its status and case manager from before
   * (absent for a case not seen yet), for changes to distinct cases in one statement: both parts
   * see the snapshot from before it (the caller's member locks keep other writers of these cases
   * out meanwhile).
   */
  async upsertMany(
    manager: EntityManager,
    changes: readonly CcmCaseChanged[],
  ): Promise<Map<string, { status: string; caseManagerId: string | null }>> {
    if (changes.length === 0) return new Map();
    const previous: { case_id: string; status: string; case_manager_id: string | null }[] =
      await manager.query(
        `WITH input AS (
           SELECT "caseId" AS case_id, "memberId" AS member_id, status, "caseManagerId" AS case_manager_id,
                  "caseManager" AS case_manager, "criteriaMet" AS criteria_met
             FROM jsonb_to_recordset($1::jsonb)
               AS i("caseId" text, "memberId" text, status text, "caseManagerId" text, "caseManager" jsonb,
                    "criteriaMet" text[])),
         previous AS (SELECT c.case_id, c.status, c.case_manager_id FROM cases c JOIN input i USING (case_id)),
         upserted AS (
           INSERT INTO cases (case_id, member_id, status, case_manager_id, case_manager, criteria_met, updated_at)
           SELECT case_id, member_id, status, case_manager_id, case_manager, criteria_met, now() FROM input
           ON CONFLICT (case_id) DO UPDATE SET member_id = EXCLUDED.member_id, status = EXCLUDED.status,
             case_manager_id = EXCLUDED.case_manager_id, case_manager = EXCLUDED.case_manager,
             criteria_met = EXCLUDED.criteria_met, updated_at = now()
           RETURNING case_id)
         SELECT case_id, status, case_manager_id FROM previous`,
        // The projection's own field names (caseOfChange): what the event leaves is what is stored.
        [JSON.stringify(changes.map(caseOfChange))],
      );
    return new Map(
      previous.map((r) => [r.case_id, { status: r.status, caseManagerId: r.case_manager_id }]),
    );
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
