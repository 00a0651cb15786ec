import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import { MessagingRuntime } from '@careflow/messaging';
import { OperationConflictError, parseCommand, type Principal } from '@careflow/platform';
import { seesMember } from '../../access/caseload';
import { FeedRepository } from '../../feed/feed.repository';
import { publishNotification, type Notification } from '../notification';
import { NotificationRepository } from '../notification.repository';

/** What the caller says about the call (the HTTP body). */
export const pcpCallNotes = z
  .object({
    notes: z.string().trim().min(1).max(4000).describe('What was discussed with the PCP.'),
  })
  .strict();
export const recordPcpCallCommand = pcpCallNotes.extend({ notificationId: identifier }).strict();
export type RecordPcpCallCommand = z.input<typeof recordPcpCallCommand>;

/** What the caller may learn (and the audit records): nothing of a call outside their caseload. */
export type RecordPcpCallOutcome =
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'denied'; readonly memberId: string }
  | { readonly outcome: 'allowed'; readonly memberId: string; readonly call: Notification };

/**
 * Records the case manager's call to the PCP: the call task is completed with its notes,
 * published again on pcp.notifications.v1 (`completed`), and its feed items (and an escalation)
 * close. Only a pending `condition-change-call` of a member the actor sees is completed.
 */
@Injectable()
export class RecordPcpCallUseCase {
  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
  ) {}

  async execute(
    input: RecordPcpCallCommand,
    actor: Principal,
    traceparent?: string,
  ): Promise<RecordPcpCallOutcome> {
    const { notificationId, notes } = parseCommand(recordPcpCallCommand, input, 'record PCP call');
    return this.messaging.transaction(async (uow) => {
      const manager = uow.manager;
      const found = await this.notifications.byId(manager, notificationId, { forUpdate: true });
      if (!found) return { outcome: 'not-found' };
      if (!(await seesMember(manager, actor, found.memberId)))
        return { outcome: 'denied', memberId: found.memberId };
      if (found.kind !== 'condition-change-call')
        throw new OperationConflictError(
          'not-a-call',
          'only calls (condition-change-call) are completed',
        );
      if (found.status !== 'pending')
        throw new OperationConflictError('call-not-pending', `the call is already ${found.status}`);
      const call = await this.notifications.completeCall(manager, notificationId, actor.id, notes);
      publishNotification(uow, call);
      await this.feed.updateForNotification(
        manager,
        notificationId,
        'condition-change-call',
        'completed',
        `Call recorded by ${actor.name}.`,
      );
      await this.feed.updateForNotification(manager, notificationId, 'call-escalated', 'completed');
      return { outcome: 'allowed', memberId: found.memberId, call };
    }, traceparent);
  }
}
