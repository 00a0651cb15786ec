import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PaRoutingDecision } from '@careflow/contracts';
import type { Determination } from './determination';

/** The decision a determination is recorded on, locked until the end of the transaction. */
export interface DeterminationTarget {
  readonly memberId: string;
  readonly outcome: PaRoutingDecision['outcome'];
  readonly vendorId: string | null;
  readonly recorded: RecordedDetermination | null;
}

export interface RecordedDetermination {
  readonly determination: Determination;
  readonly date: string | null;
  readonly recordedBy: string | null;
  readonly recordedAt: Date | null;
}

/** A supervisor's replacement of a recorded determination, kept with its reason. */
export interface DeterminationOverride {
  readonly requestId: string;
  readonly previous: RecordedDetermination;
  readonly determination: Determination;
  readonly date: string;
  readonly reason: string;
  readonly overriddenBy: string;
}

/**
 * Vendor determinations, stored on the request's routing decision (`routing_decisions`), and the
 * replaced ones with the reason for each replacement (`determination_overrides`).
 */
@Injectable()
export class DeterminationRepository {
  /** The decision of `requestId`, locked (FOR UPDATE) for the caller's transaction; or null. */
  async lockTarget(manager: EntityManager, requestId: string): Promise<DeterminationTarget | null> {
    const rows: {
      member_id: string;
      outcome: PaRoutingDecision['outcome'];
      vendor_id: string | null;
      determination: Determination | null;
      determination_date: string | null;
      determination_recorded_by: string | null;
      determination_recorded_at: Date | null;
    }[] = await manager.query(
      `SELECT member_id, outcome, vendor_id, determination,
              to_char(determination_date, 'YYYY-MM-DD') AS determination_date,
              determination_recorded_by, determination_recorded_at
         FROM routing_decisions WHERE request_id = $1 FOR UPDATE`,
      [requestId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      memberId: row.member_id,
      outcome: row.outcome,
      vendorId: row.vendor_id,
      recorded:
        row.determination !== null
          ? {
              determination: row.determination,
              date: row.determination_date,
              recordedBy: row.determination_recorded_by,
              recordedAt: row.determination_recorded_at,
            }
          : null,
    };
  }

  async recordOverride(manager: EntityManager, override: DeterminationOverride): Promise<void> {
    await manager.query(
      `INSERT INTO determination_overrides (request_id, previous_determination, previous_date,
              previous_recorded_by, previous_recorded_at, determination, determination_date,
              reason, overridden_by)
       VALUES ($1, $2, $3::date, $4, $5, $6, $7::date, $8, $9)`,
      [
        override.requestId,
        override.previous.determination,
        override.previous.date,
        override.previous.recordedBy,
        override.previous.recordedAt,
        override.determination,
        override.date,
        override.reason,
        override.overriddenBy,
      ],
    );
  }

  async record(
    manager: EntityManager,
    requestId: string,
    determination: { determination: Determination; date: string; recordedBy: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE routing_decisions
          SET determination = $2, determination_date = $3::date,
              determination_recorded_at = now(), determination_recorded_by = $4
        WHERE request_id = $1`,
      [requestId, determination.determination, determination.date, determination.recordedBy],
    );
  }
}
