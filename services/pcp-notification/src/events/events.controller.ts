import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  topics,
  type CcmCaseChanged,
  type ClinicalStatusUpdated,
  type MemberCoverageChanged,
} from '@careflow/contracts';
import { EventContext, OnEventBatch, type ConsumedEvent } from '@careflow/messaging';
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

  /** A chunk at a time, so that its members are locked together before any is handled. */
  @OnEventBatch(topics.ccmCases)
  async onCases(
    @Payload() events: ConsumedEvent<CcmCaseChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.issuer.onCasesChanged(ctx.unitOfWork, events);
  }

  /** A chunk at a time, as case changes. */
  @OnEventBatch(topics.clinicalStatusUpdates)
  async onClinicalStatuses(
    @Payload() events: ConsumedEvent<ClinicalStatusUpdated>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.issuer.onClinicalStatusesUpdated(ctx.unitOfWork, events);
  }
}
