import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type CcmReferralSubmitted } from '@careflow/contracts';
import {
  OnEvent,
  RejectedEventError,
  type ConsumedEvent,
  type EventContext,
} from '@careflow/messaging';
import { ReferralRefusedError, Referrals } from './referrals.service';

/** `ccm.referrals.v1` from referral intake: one referral per event. */
@Controller()
export class ReferralEventsController {
  constructor(@Inject(Referrals) private readonly referrals: Referrals) {}

  @OnEvent(topics.ccmReferrals)
  async onReferral(
    @Payload() event: ConsumedEvent<CcmReferralSubmitted>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    try {
      await this.referrals.submit(ctx.unitOfWork, event.data, {
        channel: 'event',
        trigger: { source: event.topic, eventId: event.id },
        actor: {
          id: `referral:${event.data.source}`,
          name: `Referral intake (${event.data.source})`,
        },
      });
    } catch (error) {
      if (error instanceof ReferralRefusedError) throw new RejectedEventError(error.message);
      throw error;
    }
  }
}
