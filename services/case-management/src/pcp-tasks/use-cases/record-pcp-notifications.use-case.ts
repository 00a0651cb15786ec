import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  pcpNotificationIssuedData,
  timestamp,
  type PcpNotificationIssued,
} from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';
import { PcpTaskRepository, type PcpTask } from '../pcp-task.repository';

export const recordPcpNotificationsCommand = z.object({
  notifications: z.array(z.object({ data: pcpNotificationIssuedData, time: timestamp })),
});
export interface RecordPcpNotificationsCommand {
  readonly notifications: readonly { data: PcpNotificationIssued; time: string }[];
}

/**
 * pcp-notification's calls and letters (`pcp.notifications.v1`) into `case_pcp_tasks`, so the
 * caseload can say how many calls to the PCP are due and how many letters failed without reading
 * another service's tables. Runs in the caller's unit of work.
 */
@Injectable()
export class RecordPcpNotifications {
  constructor(@Inject(PcpTaskRepository) private readonly tasks: PcpTaskRepository) {}

  async execute(uow: UnitOfWork, input: RecordPcpNotificationsCommand): Promise<void> {
    const { notifications } = parseCommand(
      recordPcpNotificationsCommand,
      input,
      'record pcp notifications',
    );
    // The latest event of each notification in the chunk (a chunk may hold several states).
    const latest = new Map<string, PcpTask>();
    for (const { data, time } of notifications) {
      const task: PcpTask = {
        notificationId: data.notificationId,
        caseId: data.caseId,
        memberId: data.memberId,
        kind: data.kind,
        status: data.status,
        dueBy: data.dueBy ? new Date(data.dueBy) : null,
        deliveryFailed: data.delivery?.status === 'failed',
        eventTime: new Date(time),
      };
      const prior = latest.get(task.notificationId);
      if (!prior || prior.eventTime <= task.eventTime) latest.set(task.notificationId, task);
    }
    await this.tasks.storeLatest(uow.manager, [...latest.values()]);
  }
}
