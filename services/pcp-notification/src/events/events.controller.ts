import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  topics,
  type CcmCaseChanged,
  type ClinicalStatusUpdated,
  type MemberCoverageChanged,
} from '@careflow/contracts';
import { EventContext, OnEvent, OnEventBatch, type ConsumedEvent } from '@careflow/messaging';
import { NotificationIssuer } from '../notifications/notification-issuer';

/**
 * The events this service consumes. Each handler writes through the consumer's unit of work, so
 * its rows, its inbox claim and the events it publishes commit together.
 */
@Controller()
export class EventsController {
  constructor(@Inject(NotificationIssuer) private readonly issuer: NotificationIssuer) {}

  /** A chunk at a time: the coverage topic carries every member's every change. */
  @OnEventBatch(topics.memberCoverage)
  async onCoverage(
    @Payload() events: ConsumedEvent<MemberCoverageChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.issuer.onCoverageChanged(ctx.unitOfWork, events);
  }

  @OnEvent(topics.ccmCases)
  async onCase(
    @Payload() event: ConsumedEvent<CcmCaseChanged>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.issuer.onCaseChanged(ctx.unitOfWork, event);
  }

  @OnEvent(topics.clinicalStatusUpdates)
  async onClinicalStatus(
    @Payload() event: ConsumedEvent<ClinicalStatusUpdated>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.issuer.onClinicalStatusUpdated(ctx.unitOfWork, event);
  }
}
