import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@careflow/contracts';
import type { CaseStep, RecordedCaseStep } from './case';
import { announcementOf, CASE_CHANNEL } from './case-announcement';

/** A clinical status update of an enrolled case, for the PCP. */
export interface ClinicalStatusUpdate {
  readonly updateId: string;
  readonly caseId: string;
  readonly memberId: string;
  readonly summary: string;
  readonly conditionChanged: boolean;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

/** A case's history (`case_events`, append-only) and its clinical status updates. */
@Injectable()
export class CaseHistoryRepository {
  /**
   * Appends the steps and announces each case on `CASE_CHANNEL` in the same statement (so in the
   * caller's transaction): every change of a case records a step, so every change is heard live.
   */
  async record(manager: EntityManager, steps: readonly CaseStep[]): Promise<void> {
    if (steps.length === 0) return;
    await manager.query(
      `WITH added AS (
         INSERT INTO case_events (case_id, actor_id, actor_name, kind, from_status, to_status, detail)
         SELECT u.case_id, u.actor_id, u.actor_name, u.kind, u.from_status, u.to_status, u.detail::jsonb
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
             AS u(case_id, actor_id, actor_name, kind, from_status, to_status, detail))
       SELECT count(pg_notify($9, a)) FROM unnest($8::text[]) AS a`,
      [
        steps.map((s) => s.caseId),
        steps.map((s) => s.actor.id),
        steps.map((s) => s.actor.name),
        steps.map((s) => s.kind),
        steps.map((s) => s.from),
        steps.map((s) => s.to),
        steps.map((s) => JSON.stringify(s.detail)),
        steps.map(announcementOf),
        CASE_CHANNEL,
      ],
    );
  }

  /** The case's steps, oldest first. */
  async of(manager: EntityManager, caseId: string): Promise<RecordedCaseStep[]> {
    const rows: {
      occurred_at: Date;
      actor_id: string;
      actor_name: string;
      kind: string;
      from_status: CaseStatus | null;
      to_status: CaseStatus | null;
      detail: Record<string, unknown>;
    }[] = await manager.query(
      `SELECT occurred_at, actor_id, actor_name, kind, from_status, to_status, detail
         FROM case_events WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    return rows.map((r) => ({
      occurredAt: new Date(r.occurred_at),
      actor: { id: r.actor_id, name: r.actor_name },
      kind: r.kind,
      from: r.from_status,
      to: r.to_status,
      detail: r.detail,
    }));
  }

  async addStatusUpdate(manager: EntityManager, update: ClinicalStatusUpdate): Promise<void> {
    await manager.query(
      `INSERT INTO clinical_status_updates (update_id, case_id, member_id, summary, condition_changed, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        update.updateId,
        update.caseId,
        update.memberId,
        update.summary,
        update.conditionChanged,
        update.recordedBy,
        update.recordedAt,
      ],
    );
  }
}
