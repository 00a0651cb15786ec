import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type CoverageUpdated } from '@careflow/contracts';
import { EventContext, OnEventBatch, type ConsumedEvent } from '@careflow/messaging';
import { JsonLogger } from '@careflow/platform';
import { IngestCoverageUseCase } from './use-cases/ingest-coverage.use-case';

/**
 * coverage.updated from the enrollment system, a chunk at a time. An event with an invalid line of
 * business (or any other contract breach) never reaches here: the backbone dead-letters it with
 * `invalid-event` naming the field.
 */
@Controller()
export class CoverageEvents {
  constructor(
    @Inject(IngestCoverageUseCase) private readonly ingestCoverage: IngestCoverageUseCase,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @OnEventBatch(topics.eligibilityCoverage)
  async onCoverage(
    @Payload() events: ConsumedEvent<CoverageUpdated>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const result = await this.ingestCoverage.execute(ctx.unitOfWork, { events });
    // Counts only: never names, birth dates or member ids with coverage details.
    this.logger.debug('coverage chunk applied', {
      events: events.length,
      factsStored: result.factsStored,
      membersPublished: result.published.length,
    });
  }
}
