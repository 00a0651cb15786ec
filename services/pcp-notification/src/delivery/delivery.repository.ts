import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returningRows } from '@careflow/platform';
import {
  NOTIFICATION_COLUMNS,
  toNotification,
  type NotificationRow,
} from '../notifications/notification.repository';
import type { Notification } from '../notifications/notification';
import type { DeliveryMethod, DeliveryResult } from './delivery-channel';

/** A letter claimed for delivery, with its PDF when the claim asked for rendered letters. */
export type DueLetter = Notification & { readonly letterPdf: Buffer | null };

export interface DeliveryAttempt {
  readonly notificationId: string;
  readonly attempt: number;
  readonly channel: string;
  readonly method: DeliveryMethod;
  readonly result: DeliveryResult;
}

/** Letter delivery: the claim of due letters, `letter_deliveries` and the delivery state. */
@Injectable()
export class DeliveryRepository {
  /**
   * Claims up to `limit` letters that are due, `FOR UPDATE SKIP LOCKED`: several instances never
   * hand over the same letter at once. `rendered`: only letters whose PDF is stored, answered with
   * it (for a channel that sends it); otherwise any due letter, without its PDF.
   */
  async claimDue(
    manager: EntityManager,
    limit: number,
    { rendered }: { rendered: boolean },
  ): Promise<DueLetter[]> {
    const rows: (NotificationRow & { letter_pdf?: Buffer })[] = await manager.query(
      `SELECT ${NOTIFICATION_COLUMNS}${rendered ? ', letter_pdf' : ''} FROM notifications
          WHERE delivery_status IN ('queued', 'failed') AND next_delivery_at <= now()
            ${rendered ? 'AND letter_pdf IS NOT NULL' : ''}
          ORDER BY next_delivery_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((row) => ({ ...toNotification(row), letterPdf: row.letter_pdf ?? null }));
  }

  async recordAttempts(
    manager: EntityManager,
    attempts: readonly DeliveryAttempt[],
  ): Promise<void> {
    if (attempts.length === 0) return;
    await manager.query(
      `INSERT INTO letter_deliveries (notification_id, attempt, channel, method, status, reference, detail)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        attempts.map((a) => a.notificationId),
        attempts.map((a) => a.attempt),
        attempts.map((a) => a.channel),
        attempts.map((a) => a.method),
        attempts.map((a) => a.result.status),
        attempts.map((a) => a.result.reference ?? null),
        attempts.map((a) => a.result.detail ?? null),
      ],
    );
  }

  /** Marks the letters sent (each with its attempt number); answers them as they are now. */
  async markSent(
    manager: EntityManager,
    sent: readonly { notificationId: string; attempt: number }[],
  ): Promise<Notification[]> {
    if (sent.length === 0) return [];
    const rows = await returningRows<NotificationRow>(
      manager,
      `UPDATE notifications SET status = 'sent', delivery_status = 'delivered',
              delivery_attempts = u.attempt_no, next_delivery_at = NULL, updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS u(sent_id, attempt_no)
        WHERE notification_id = u.sent_id
        RETURNING ${NOTIFICATION_COLUMNS}`,
      [sent.map((s) => s.notificationId), sent.map((s) => s.attempt)],
    );
    return rows.map(toNotification);
  }

  /** Marks a failed attempt: retried after `retryInMs`, or never again when `last`. */
  /** Records a failed attempt; answers the letter when it was the last one allowed. */
  async markFailed(
    manager: EntityManager,
    notificationId: string,
    attempt: number,
    last: boolean,
    retryInMs: number,
  ): Promise<Notification | null> {
    const rows = await returningRows<NotificationRow>(
      manager,
      `UPDATE notifications SET delivery_status = 'failed', delivery_attempts = $2,
              next_delivery_at = CASE WHEN $3 THEN NULL ELSE now() + ($4::double precision * interval '1 millisecond') END,
              updated_at = now()
        WHERE notification_id = $1
        RETURNING ${NOTIFICATION_COLUMNS}`,
      [notificationId, attempt, last, retryInMs],
    );
    return last && rows[0] ? toNotification(rows[0]) : null;
  }
}
