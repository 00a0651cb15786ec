import { returningRows } from '../database';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { MessagingRuntime } from '@careflow/messaging';
import { JsonLogger } from '@careflow/platform';
import type { PrimaryCareProvider } from '@careflow/contracts';
import type { PcpNotificationConfig } from '../config';
import { FeedRepository } from '../feed/feed.repository';
import {
  NOTIFICATION_COLUMNS,
  publishNotification,
  type NotificationRow,
} from '../notifications/notification-issuer';
import { Ticker } from '../notifications/ticker';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';
import {
  DELIVERY_CHANNEL,
  deliveryMethodFor,
  type DeliveryChannel,
  type DeliveryResult,
} from './delivery-channel';

/**
 * Hands issued letters to the delivery channel and records every attempt in `letter_deliveries`.
 * A letter is announced on `pcp.notifications.v1` (status `sent`) in the transaction that records
 * its successful delivery; a failed attempt is retried with doubling waits up to
 * `DELIVERY_MAX_ATTEMPTS`, and the feed shows the letter as failed meanwhile. Rows are claimed
 * with `FOR UPDATE SKIP LOCKED`, so several instances never hand over the same letter at once.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly ticker: Ticker;

  constructor(
    @Inject(PCP_NOTIFICATION_CONFIG) private readonly config: PcpNotificationConfig,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(DELIVERY_CHANNEL) private readonly channel: DeliveryChannel,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    this.ticker = new Ticker(
      config.DELIVERY_POLL_MS,
      () => this.deliverDue(),
      (error) =>
        this.logger.error('letter delivery run failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.ticker.stop();
  }

  /** Delivers the letters that are due; answers how many were handed over. */
  async deliverDue(limit = 20): Promise<number> {
    return this.messaging.transaction(async (uow) => {
      const manager = uow.manager;
      const rows: (NotificationRow & { letter_pdf: Buffer })[] = await manager.query(
        `SELECT ${NOTIFICATION_COLUMNS}, letter_pdf FROM notifications
          WHERE delivery_status IN ('queued', 'failed') AND next_delivery_at <= now()
          ORDER BY next_delivery_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
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
        await manager.query(
          `INSERT INTO letter_deliveries (notification_id, attempt, channel, method, status, reference, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            row.notification_id,
            attempt,
            this.channel.name,
            method,
            result.status,
            result.reference ?? null,
            result.detail ?? null,
          ],
        );
        const kind =
          row.kind === 'enrollment-notice' ? 'enrollment-notice' : 'clinical-status-update';
        if (result.status === 'sent') {
          const updated: NotificationRow[] = await returningRows<NotificationRow>(
            manager,
            `UPDATE notifications SET status = 'sent', delivery_status = 'delivered', delivery_attempts = $2,
                    next_delivery_at = NULL, updated_at = now()
              WHERE notification_id = $1 RETURNING ${NOTIFICATION_COLUMNS}`,
            [row.notification_id, attempt],
          );
          publishNotification(uow, updated[0]!);
          await this.feed.updateForNotification(
            manager,
            row.notification_id,
            kind,
            'sent',
            `Sent by ${method} (template v${row.template_version ?? '?'}, attempt ${attempt}).`,
          );
        } else {
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
            kind,
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
      }
      return rows.length;
    });
  }
}
