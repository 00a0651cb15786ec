import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type MemberCoverageChanged } from '@careflow/contracts';
import { OnEventBatch, type ConsumedEvent, type EventContext } from '@careflow/messaging';
import { ApplyCoverageChanges } from './use-cases/apply-coverage-changes.use-case';

/** Coverage from eligibility: each chunk is one transaction (see `ApplyCoverageChanges`). */
@Controller()
export class CoverageEventsController {
  constructor(
    @Inject(ApplyCoverageChanges) private readonly applyCoverageChanges: ApplyCoverageChanges,
  ) {}

  @OnEventBatch(topics.memberCoverage)
  async onCoverage(
    @Payload() events: ConsumedEvent<MemberCoverageChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.applyCoverageChanges.execute(ctx.unitOfWork, { events });
  }
}
