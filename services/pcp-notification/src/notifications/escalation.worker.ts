import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingRuntime } from '@careflow/messaging';
import { JobQueue, JsonLogger } from '@careflow/platform';
import type { PcpNotificationConfig } from '../config';
import { FeedRepository } from '../feed/feed.repository';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';
import { NotificationRepository } from './notification.repository';

/** The job that escalates overdue calls (see `EscalationWorker`). */
export const CALL_ESCALATION_JOB = 'call-escalation';

/**
 * The scheduled check for calls to PCPs not made in time: the call's feed item turns `overdue`
 * and a `call-escalated` item appears in the supervisors' feed. Each call escalates once. Runs as
 * the job `call-escalation` every `ESCALATION_CHECK_MS`.
 */
@Injectable()
export class EscalationWorker implements OnModuleInit {
  constructor(
    @Inject(PCP_NOTIFICATION_CONFIG) private readonly config: PcpNotificationConfig,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
  ) {}

  onModuleInit(): void {
    // A failed run is not retried as such: the next periodic run looks again.
    this.jobs.register({
      name: CALL_ESCALATION_JOB,
      everyMs: this.config.ESCALATION_CHECK_MS,
      retryLimit: 0,
      expireInSeconds: 300,
      handler: () => this.escalateOverdue(),
    });
  }

  async escalateOverdue(limit = 100): Promise<number> {
    return this.messaging.transaction(async (uow) => {
      const manager = uow.manager;
      const calls = await this.notifications.escalateOverdueCalls(manager, limit);
      for (const call of calls) {
        const due = call.dueBy?.toISOString() ?? 'unknown';
        await this.feed.updateForNotification(
          manager,
          call.notificationId,
          'condition-change-call',
          'overdue',
          `Overdue since ${due}; escalated to the supervisor.`,
        );
        await this.feed.add(manager, {
          kind: 'call-escalated',
          status: 'new',
          audience: 'supervisor',
          memberId: call.memberId,
          caseId: call.caseId,
          notificationId: call.notificationId,
          title: `Overdue call to PCP: case ${call.caseId}`,
          detail: `${call.caseManager?.name ?? 'The case manager'} has not recorded the call to ${call.pcp?.name ?? 'the PCP'} due ${due}.`,
          dueBy: call.dueBy,
          sourceEventId: `escalation:${call.notificationId}`,
        });
      }
      if (calls.length > 0) this.logger.info('overdue calls escalated', { count: calls.length });
      return calls.length;
    });
  }
}
