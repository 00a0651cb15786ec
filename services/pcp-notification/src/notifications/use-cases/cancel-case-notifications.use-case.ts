import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CASE_CLOSURE_REASONS, CASE_STATUSES, identifier } from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';
import { FeedRepository } from '../../feed/feed.repository';
import { publishNotification, type Notification } from '../notification';
import { NotificationRepository } from '../notification.repository';

export const cancelCaseNotificationsCommand = z
  .object({
    caseId: identifier,
    status: z.enum(CASE_STATUSES),
    closureReason: z.enum(CASE_CLOSURE_REASONS).nullish(),
  })
  .strict();
export type CancelCaseNotificationsCommand = z.input<typeof cancelCaseNotificationsCommand>;

/**
 * The closure notice: a case that stopped being open (closed because coverage ended, declined,
 * …) has no PCP to write to or call for it. Its letters not yet delivered and its pending calls
 * are cancelled, published as `cancelled`, and their feed items say so. Answers what it
 * cancelled. Runs in the caller's unit of work.
 */
@Injectable()
export class CancelCaseNotificationsUseCase {
  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
  ) {}

  async execute(input: CancelCaseNotificationsCommand, uow: UnitOfWork): Promise<Notification[]> {
    const { caseId, status, closureReason } = parseCommand(
      cancelCaseNotificationsCommand,
      input,
      'cancel case notifications',
    );
    const cancelled = await this.notifications.cancelPendingOfCase(uow.manager, caseId);
    for (const notification of cancelled) publishNotification(uow, notification);
    const why = `Cancelled: case ${status}${closureReason ? ` (${closureReason.replace(/-/g, ' ')})` : ''}.`;
    await this.feed.updateForNotifications(
      uow.manager,
      cancelled.map((n) => ({
        notificationId: n.notificationId,
        kind: n.kind,
        status: 'cancelled' as const,
        detail: why,
      })),
    );
    await this.feed.closeOpen(uow.manager, caseId, ['pcp-missing', 'call-escalated'], 'completed');
    return cancelled;
  }
}
