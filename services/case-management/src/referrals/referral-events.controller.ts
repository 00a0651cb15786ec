import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type CcmReferralSubmitted } from '@careflow/contracts';
import { OnEventBatch, type ConsumedEvent, type EventContext } from '@careflow/messaging';
import { ReferMember } from './use-cases/refer-member.use-case';

/**
 * `ccm.referrals.v1` from referral intake: one referral per event, a chunk per call. A refused
 * referral (or a reused referral id) fails the chunk with a permanent error; the consumer then
 * replays it one event at a time, so only that event is dead-lettered.
 */
@Controller()
export class ReferralEventsController {
  constructor(@Inject(ReferMember) private readonly referMember: ReferMember) {}

  @OnEventBatch(topics.ccmReferrals)
  async onReferrals(
    @Payload() events: ConsumedEvent<CcmReferralSubmitted>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.referMember.executeAll(
      ctx.unitOfWork,
      events.map((event) => ({
        referral: event.data,
        via: {
          channel: 'event',
          trigger: { source: event.topic, eventId: event.id },
          actor: {
            id: `referral:${event.data.source}`,
            name: `Referral intake (${event.data.source})`,
          },
        },
      })),
    );
  }
}
