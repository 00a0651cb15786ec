import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { describeError, MessagingRuntime } from '@careflow/messaging';
import { JobQueue, JsonLogger, returningRows } from '@careflow/platform';
import type { PrimaryCareProvider } from '@careflow/contracts';
import type { PcpNotificationConfig } from '../config';
import { FeedHub } from '../feed/feed-hub';
import { FeedRepository } from '../feed/feed.repository';
import {
  NOTIFICATION_COLUMNS,
  publishNotification,
  type NotificationRow,
} from '../notifications/notification-issuer';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';
import {
  DELIVERY_CHANNEL,
  deliveryMethodFor,
  type DeliveryChannel,
  type DeliveryMethod,
  type DeliveryResult,
} from './delivery-channel';

/** The job that hands due letters to the channel (see `DeliveryWorker`). */
export const LETTER_DELIVERY_JOB = 'letter-delivery';

/**
 * Hands issued letters to the delivery channel and records every attempt in `letter_deliveries`.
 * A letter is announced on `pcp.notifications.v1` (status `sent`) in the transaction that records
 * its successful delivery; a failed attempt is retried with doubling waits up to
 * `DELIVERY_MAX_ATTEMPTS`, and the feed shows the letter as failed meanwhile. Rows are claimed
 * with `FOR UPDATE SKIP LOCKED`, so several instances never hand over the same letter at once.
 * It runs as the job `letter-delivery` every `DELIVERY_POLL_MS` and at once when a transaction
 * that queued letters commits.
 */
@Injectable()
export class DeliveryWorker implements OnModuleInit {
  constructor(
    @Inject(PCP_NOTIFICATION_CONFIG) private readonly config: PcpNotificationConfig,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(DELIVERY_CHANNEL) private readonly channel: DeliveryChannel,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(FeedHub) private readonly hub: FeedHub,
    @Inject(JobQueue) private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    // A failed run is not retried as such: the next periodic run takes every letter still due.
    this.jobs.register({
      name: LETTER_DELIVERY_JOB,
      everyMs: this.config.DELIVERY_POLL_MS,
      retryLimit: 0,
      expireInSeconds: 300,
      handler: () => this.deliverAllDue(),
    });
    // Woken when a transaction that queued letters commits; the periodic run remains for retries
    // and for notifications missed while the listening connection was down.
    this.hub.onLettersQueued(() => {
      this.jobs.trigger(LETTER_DELIVERY_JOB, {}).catch((error: unknown) =>
        this.logger.warn('letter delivery not triggered; the periodic run delivers', {
          ...describeError(error),
        }),
      );
    });
  }

  /**
   * Delivers every letter that is due, a transaction per `batch` letters, until none is left (a
   * burst of enrollments is not rationed to one batch per poll); answers how many were handed over.
   */
  async deliverAllDue(batch = 50): Promise<number> {
    let total = 0;
    for (;;) {
      const handed = await this.deliverDue(batch);
      total += handed;
      if (handed < batch) return total;
    }
  }

  /**
   * Delivers up to `limit` letters that are due; answers how many were handed over. Each letter is
   * handed to the channel on its own; the attempts, the sent letters and their feed items are then
   * recorded with one statement each, in the same transaction as the claim.
   */
  async deliverDue(limit = 20): Promise<number> {
    return this.messaging.transaction(async (uow) => {
      const manager = uow.manager;
      const rows: (NotificationRow & { letter_pdf: Buffer })[] = await manager.query(
        `SELECT ${NOTIFICATION_COLUMNS}, letter_pdf FROM notifications
          WHERE delivery_status IN ('queued', 'failed') AND next_delivery_at <= now()
          ORDER BY next_delivery_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const attempts: Attempt[] = [];
      for (const row of rows) {
        const pcp = row.pcp as PrimaryCareProvider;
        const attempt = row.delivery_attempts + 1;
        const method = deliveryMethodFor(pcp);
        let result: DeliveryResult;
        try {
          result = await this.channel.deliver({
            notificationId: row.notification_id,
            kind: row.kind,
            pcp,
            method,
            pdf: row.letter_pdf,
            attempt,
          });
        } catch (error) {
          result = {
            status: 'failed',
            detail: error instanceof Error ? error.message.slice(0, 300) : 'channel error',
          };
        }
        attempts.push({ row, attempt, method, result });
      }
      await manager.query(
        `INSERT INTO letter_deliveries (notification_id, attempt, channel, method, status, reference, detail)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
        [
          attempts.map((a) => a.row.notification_id),
          attempts.map((a) => a.attempt),
          attempts.map(() => this.channel.name),
          attempts.map((a) => a.method),
          attempts.map((a) => a.result.status),
          attempts.map((a) => a.result.reference ?? null),
          attempts.map((a) => a.result.detail ?? null),
        ],
      );
      const sent = attempts.filter((a) => a.result.status === 'sent');
      if (sent.length > 0) {
        const updated = await returningRows<NotificationRow>(
          manager,
          `UPDATE notifications SET status = 'sent', delivery_status = 'delivered',
                  delivery_attempts = u.attempt_no, next_delivery_at = NULL, updated_at = now()
             FROM unnest($1::text[], $2::int[]) AS u(sent_id, attempt_no)
            WHERE notification_id = u.sent_id
            RETURNING ${NOTIFICATION_COLUMNS}`,
          [sent.map((a) => a.row.notification_id), sent.map((a) => a.attempt)],
        );
        const byId = new Map(updated.map((r) => [r.notification_id, r]));
        for (const a of sent) publishNotification(uow, byId.get(a.row.notification_id)!);
        await this.feed.updateForNotifications(
          manager,
          sent.map((a) => ({
            notificationId: a.row.notification_id,
            kind: letterFeedKind(a.row),
            status: 'sent',
            detail: `Sent by ${a.method} (template v${a.row.template_version ?? '?'}, attempt ${a.attempt}).`,
          })),
        );
      }
      for (const { row, attempt, method } of attempts.filter((a) => a.result.status !== 'sent')) {
        const last = attempt >= this.config.DELIVERY_MAX_ATTEMPTS;
        const waitMs = this.config.DELIVERY_RETRY_MS * 2 ** (attempt - 1);
        await manager.query(
          `UPDATE notifications SET delivery_status = 'failed', delivery_attempts = $2,
                  next_delivery_at = CASE WHEN $3 THEN NULL ELSE now() + ($4::double precision * interval '1 millisecond') END,
                  updated_at = now()
            WHERE notification_id = $1`,
          [row.notification_id, attempt, last, waitMs],
        );
        await this.feed.updateForNotification(
          manager,
          row.notification_id,
          letterFeedKind(row),
          'failed',
          last
            ? `Delivery by ${method} failed after ${attempt} attempts; send it another way.`
            : `Delivery attempt ${attempt} by ${method} failed; retrying.`,
        );
        this.logger.warn('letter delivery failed', {
          notificationId: row.notification_id,
          attempt,
          method,
          channel: this.channel.name,
        });
      }
      return rows.length;
    });
  }
}

interface Attempt {
  readonly row: NotificationRow;
  readonly attempt: number;
  readonly method: DeliveryMethod;
  readonly result: DeliveryResult;
}

const letterFeedKind = (row: NotificationRow): 'enrollment-notice' | 'clinical-status-update' =>
  row.kind === 'enrollment-notice' ? 'enrollment-notice' : 'clinical-status-update';
