import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingRuntime } from '@careflow/messaging';
import { JobQueue, JsonLogger, returningRows } from '@careflow/platform';
import type { PcpNotificationConfig } from '../config';
import { FeedRepository } from '../feed/feed.repository';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';
import { NOTIFICATION_COLUMNS, type NotificationRow } from './notification-issuer';

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
      const rows: NotificationRow[] = await returningRows<NotificationRow>(
        manager,
        `UPDATE notifications SET escalated_at = now(), updated_at = now()
          WHERE notification_id IN (
            SELECT notification_id FROM notifications
             WHERE kind = 'condition-change-call' AND status = 'pending' AND escalated_at IS NULL AND due_by < now()
             ORDER BY due_by LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING ${NOTIFICATION_COLUMNS}`,
        [limit],
      );
      for (const row of rows) {
        const due = row.due_by?.toISOString() ?? 'unknown';
        await this.feed.updateForNotification(
          manager,
          row.notification_id,
          'condition-change-call',
          'overdue',
          `Overdue since ${due}; escalated to the supervisor.`,
        );
        await this.feed.add(manager, {
          kind: 'call-escalated',
          status: 'new',
          audience: 'supervisor',
          memberId: row.member_id,
          caseId: row.case_id,
          notificationId: row.notification_id,
          title: `Overdue call to PCP: case ${row.case_id}`,
          detail: `${row.case_manager?.name ?? 'The case manager'} has not recorded the call to ${row.pcp?.name ?? 'the PCP'} due ${due}.`,
          dueBy: row.due_by,
          sourceEventId: `escalation:${row.notification_id}`,
        });
      }
      if (rows.length > 0) this.logger.info('overdue calls escalated', { count: rows.length });
      return rows.length;
    });
  }
}
