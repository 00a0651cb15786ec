import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type MemberCoverageChanged, type PaRequested } from '@careflow/contracts';
import { EventContext, OnEventBatch, type ConsumedEvent } from '@careflow/messaging';
import { ApplyMemberCoverageUseCase } from '../pa-requests/use-cases/apply-member-coverage.use-case';
import { RoutePaRequestsUseCase } from '../pa-requests/use-cases/route-pa-requests.use-case';

/**
 * The Kafka side. Both topics are handled a chunk at a time: one transaction, one query per step
 * for the whole chunk (record, coverage lookup, decisions), whatever the chunk size.
 */
@Controller()
export class RoutingEvents {
  constructor(
    @Inject(RoutePaRequestsUseCase) private readonly routePaRequests: RoutePaRequestsUseCase,
    @Inject(ApplyMemberCoverageUseCase)
    private readonly applyMemberCoverage: ApplyMemberCoverageUseCase,
  ) {}

  // A request is recorded under its requestId (ON CONFLICT DO NOTHING), which already drops a
  // redelivery: the inbox claim would only add a round trip to every request.
  @OnEventBatch(topics.paRequests, { deduplication: 'handler' })
  async onPaRequests(
    @Payload() events: ConsumedEvent<PaRequested>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.routePaRequests.execute(ctx.unitOfWork, { events });
  }

  @OnEventBatch(topics.memberCoverage)
  async onMemberCoverage(
    @Payload() events: ConsumedEvent<MemberCoverageChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.applyMemberCoverage.execute(ctx.unitOfWork, {
      snapshots: events.map((e) => e.data),
    });
  }
}
