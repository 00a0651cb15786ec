import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type CcmReferralSubmitted } from '@careflow/contracts';
import {
  OnEventBatch,
  RejectedEventError,
  type ConsumedEvent,
  type EventContext,
} from '@careflow/messaging';
import { ReferralConflictError, ReferralRefusedError, Referrals } from './referrals.service';

/**
 * `ccm.referrals.v1` from referral intake: one referral per event, a chunk per call. A refused
 * referral fails the chunk; the consumer then replays it one event at a time, so only that event
 * is dead-lettered.
 */
@Controller()
export class ReferralEventsController {
  constructor(@Inject(Referrals) private readonly referrals: Referrals) {}

  @OnEventBatch(topics.ccmReferrals)
  async onReferrals(
    @Payload() events: ConsumedEvent<CcmReferralSubmitted>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    try {
      await this.referrals.submitAll(
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
    } catch (error) {
      // A reused referral id can never be handled either: dead-lettered, not retried.
      if (error instanceof ReferralRefusedError || error instanceof ReferralConflictError)
        throw new RejectedEventError(error.message);
      throw error;
    }
  }
}
