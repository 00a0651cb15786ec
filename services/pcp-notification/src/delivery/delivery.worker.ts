import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { describeError, MessagingRuntime } from '@careflow/messaging';
import { JobQueue, JsonLogger } from '@careflow/platform';
import type { PrimaryCareProvider } from '@careflow/contracts';
import type { PcpNotificationConfig } from '../config';
import { FeedHub } from '../feed/feed-hub';
import { FeedRepository } from '../feed/feed.repository';
import {
  publishDeliveryFailed,
  publishNotification,
  type Notification,
} from '../notifications/notification';
import { RenderLetterUseCase } from '../letters/use-cases/render-letter.use-case';
import { DeliveryRepository } from './delivery.repository';
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
 * Renders issued letters (outside any transaction, see RenderLetterUseCase), hands them to the
 * delivery channel and records every attempt in `letter_deliveries`.
 * A letter is announced on `pcp.notifications.v1` (status `sent`) in the transaction that records
 * its successful delivery; a failed attempt is retried with doubling waits up to
 * `DELIVERY_MAX_ATTEMPTS`, and the feed shows the letter as failed meanwhile; when the last attempt
 * fails, the letter is announced once more with `delivery.status` `failed` (case-management counts
 * it on the caseload). Rows are claimed
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
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(RenderLetterUseCase) private readonly renderLetter: RenderLetterUseCase,
  ) {}

  /** Letters are rendered before delivery only for a channel that sends the PDF. */
  private get sendsPdf(): boolean {
    return this.channel.sendsPdf !== false;
  }

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
   * Renders the queued letters not rendered yet (outside any transaction) when the channel sends
   * PDFs, then delivers every letter that is due, a transaction per `batch` letters, until none is
   * left (a burst of enrollments is not rationed to one batch per poll); answers how many were
   * handed over.
   */
  async deliverAllDue(batch = 50): Promise<number> {
    if (this.sendsPdf) await this.renderLetter.renderQueued(batch);
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
      const letters = await this.deliveries.claimDue(manager, limit, { rendered: this.sendsPdf });
      if (letters.length === 0) return 0;
      const attempts: Attempt[] = [];
      for (const letter of letters) {
        const pcp = letter.pcp as PrimaryCareProvider;
        const attempt = letter.deliveryAttempts + 1;
        const method = deliveryMethodFor(pcp);
        let result: DeliveryResult;
        try {
          result = await this.channel.deliver({
            notificationId: letter.notificationId,
            kind: letter.kind,
            pcp,
            method,
            pdf: letter.letterPdf,
            attempt,
          });
        } catch (error) {
          result = {
            status: 'failed',
            detail: error instanceof Error ? error.message.slice(0, 300) : 'channel error',
          };
        }
        attempts.push({ letter, attempt, method, result });
      }
      await this.deliveries.recordAttempts(
        manager,
        attempts.map((a) => ({
          notificationId: a.letter.notificationId,
          attempt: a.attempt,
          channel: this.channel.name,
          method: a.method,
          result: a.result,
        })),
      );
      const sent = attempts.filter((a) => a.result.status === 'sent');
      const updated = await this.deliveries.markSent(
        manager,
        sent.map((a) => ({ notificationId: a.letter.notificationId, attempt: a.attempt })),
      );
      const byId = new Map(updated.map((n) => [n.notificationId, n]));
      for (const a of sent) publishNotification(uow, byId.get(a.letter.notificationId)!);
      await this.feed.updateForNotifications(
        manager,
        sent.map((a) => ({
          notificationId: a.letter.notificationId,
          kind: letterFeedKind(a.letter),
          status: 'sent',
          detail: `Sent by ${a.method} (template v${a.letter.templateVersion ?? '?'}, attempt ${a.attempt}).`,
        })),
      );
      for (const { letter, attempt, method } of attempts.filter(
        (a) => a.result.status !== 'sent',
      )) {
        const last = attempt >= this.config.DELIVERY_MAX_ATTEMPTS;
        const waitMs = this.config.DELIVERY_RETRY_MS * 2 ** (attempt - 1);
        const givenUp = await this.deliveries.markFailed(
          manager,
          letter.notificationId,
          attempt,
          last,
          waitMs,
        );
        if (givenUp) publishDeliveryFailed(uow, givenUp);
        await this.feed.updateForNotification(
          manager,
          letter.notificationId,
          letterFeedKind(letter),
          'failed',
          last
            ? `Delivery by ${method} failed after ${attempt} attempts; send it another way.`
            : `Delivery attempt ${attempt} by ${method} failed; retrying.`,
        );
        this.logger.warn('letter delivery failed', {
          notificationId: letter.notificationId,
          attempt,
          method,
          channel: this.channel.name,
        });
      }
      return letters.length;
    });
  }
}

interface Attempt {
  readonly letter: Notification;
  readonly attempt: number;
  readonly method: DeliveryMethod;
  readonly result: DeliveryResult;
}

const letterFeedKind = (letter: Notification): 'enrollment-notice' | 'clinical-status-update' =>
  letter.kind === 'enrollment-notice' ? 'enrollment-notice' : 'clinical-status-update';
