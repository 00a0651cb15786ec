import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type PcpNotificationIssued } from '@careflow/contracts';
import { OnEventBatch, type ConsumedEvent, type EventContext } from '@careflow/messaging';
import { RecordPcpNotifications } from './use-cases/record-pcp-notifications.use-case';

/** `pcp.notifications.v1` from pcp-notification: a chunk per transaction. */
@Controller()
export class PcpNotificationEventsController {
  constructor(@Inject(RecordPcpNotifications) private readonly record: RecordPcpNotifications) {}

  @OnEventBatch(topics.pcpNotifications)
  async onNotifications(
    @Payload() events: ConsumedEvent<PcpNotificationIssued>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.record.execute(ctx.unitOfWork, {
      notifications: events.map((e) => ({ data: e.data, time: e.time })),
    });
  }
}
