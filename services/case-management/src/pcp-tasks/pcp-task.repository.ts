import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A call to the PCP or a letter, as pcp-notification last announced it. */
export interface PcpTask {
  readonly notificationId: string;
  readonly caseId: string;
  readonly memberId: string;
  readonly kind: string;
  readonly status: string;
  readonly dueBy: Date | null;
  readonly deliveryFailed: boolean;
  readonly eventTime: Date;
}

/** What a case still owes its PCP: calls not yet recorded, letters whose delivery failed. */
export interface OutstandingPcpWork {
  readonly callsDue: number;
  readonly nextCallDueBy: Date | null;
  readonly lettersFailed: number;
}

export const NO_OUTSTANDING_PCP_WORK: OutstandingPcpWork = {
  callsDue: 0,
  nextCallDueBy: null,
  lettersFailed: 0,
};

/** pcp-notification's calls and letters from `pcp.notifications.v1` (`case_pcp_tasks`). */
@Injectable()
export class PcpTaskRepository {
  /** Stores each notification's latest state; an older event never overwrites a newer one. */
  async storeLatest(manager: EntityManager, tasks: readonly PcpTask[]): Promise<void> {
    if (tasks.length === 0) return;
    await manager.query(
      `INSERT INTO case_pcp_tasks
         (notification_id, case_id, member_id, kind, status, due_by, delivery_failed, event_time)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                            $6::timestamptz[], $7::boolean[], $8::timestamptz[])
       ON CONFLICT (notification_id) DO UPDATE
         SET status = EXCLUDED.status, due_by = EXCLUDED.due_by,
             delivery_failed = EXCLUDED.delivery_failed, event_time = EXCLUDED.event_time,
             updated_at = now()
         WHERE case_pcp_tasks.event_time <= EXCLUDED.event_time`,
      [
        tasks.map((t) => t.notificationId),
        tasks.map((t) => t.caseId),
        tasks.map((t) => t.memberId),
        tasks.map((t) => t.kind),
        tasks.map((t) => t.status),
        tasks.map((t) => t.dueBy),
        tasks.map((t) => t.deliveryFailed),
        tasks.map((t) => t.eventTime),
      ],
    );
  }

  /** The outstanding PCP work of each case named (cases with none are absent). */
  async outstandingOf(
    manager: EntityManager,
    caseIds: readonly string[],
  ): Promise<Map<string, OutstandingPcpWork>> {
    if (caseIds.length === 0) return new Map();
    const rows: {
      case_id: string;
      calls_due: number;
      next_call_due_by: Date | null;
      letters_failed: number;
    }[] = await manager.query(
      `SELECT case_id,
              count(*) FILTER (WHERE status = 'pending' AND NOT delivery_failed
                                 AND kind = 'condition-change-call')::int AS calls_due,
              min(due_by) FILTER (WHERE status = 'pending' AND kind = 'condition-change-call')
                AS next_call_due_by,
              count(*) FILTER (WHERE delivery_failed)::int AS letters_failed
         FROM case_pcp_tasks
        WHERE case_id = ANY($1::text[]) AND (status = 'pending' OR delivery_failed)
        GROUP BY case_id`,
      [caseIds],
    );
    return new Map(
      rows.map((r) => [
        r.case_id,
        {
          callsDue: r.calls_due,
          nextCallDueBy: r.next_call_due_by ? new Date(r.next_call_due_by) : null,
          lettersFailed: r.letters_failed,
        },
      ]),
    );
  }
}
