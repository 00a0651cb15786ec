import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type MemberCoverageChanged } from '@careflow/contracts';
import { OnEventBatch, type ConsumedEvent, type EventContext } from '@careflow/messaging';
import { ApplyMemberCoverageUseCase } from './use-cases/apply-member-coverage.use-case';

/** Coverage from eligibility, for CRD: each chunk is one transaction. */
@Controller()
export class CoverageEventsController {
  constructor(
    @Inject(ApplyMemberCoverageUseCase) private readonly applyCoverage: ApplyMemberCoverageUseCase,
  ) {}

  @OnEventBatch(topics.memberCoverage)
  async onCoverage(
    @Payload() events: ConsumedEvent<MemberCoverageChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.applyCoverage.execute(ctx.unitOfWork, { snapshots: events.map((e) => e.data) });
  }
}
