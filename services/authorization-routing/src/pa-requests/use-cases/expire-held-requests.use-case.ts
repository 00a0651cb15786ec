import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Clock } from '@careflow/contracts';
import { MemberCoverageReadModel } from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import { CLOCK, parseCommand } from '@careflow/platform';
import { findingFor, neverReceived, RoutingService } from '../../routing/routing.service';
import { PaRequestRepository } from '../pa-request.repository';

export const expireHeldRequestsCommand = z.object({
  limit: z.number().int().min(1).max(10_000),
});
export type ExpireHeldRequestsCommand = z.input<typeof expireHeldRequestsCommand>;

/**
 * Decides up to `limit` held requests whose coverage wait expired; answers how many it decided.
 * A member eligibility published, still without coverage on the date of service, is not-eligible
 * for that reason; one it never published, for that one.
 */
@Injectable()
export class ExpireHeldRequestsUseCase {
  private readonly readModel = new MemberCoverageReadModel();

  constructor(
    @Inject(PaRequestRepository) private readonly requests: PaRequestRepository,
    @Inject(RoutingService) private readonly routing: RoutingService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(uow: UnitOfWork, input: ExpireHeldRequestsCommand): Promise<number> {
    const { limit } = parseCommand(expireHeldRequestsCommand, input, 'held request expiry');
    const expired = await this.requests.takeExpiredHolds(uow.manager, limit);
    const now = this.clock.now().getTime();
    const coverage = await this.readModel.snapshotsOf(uow.manager, [
      ...new Set(expired.map((h) => h.request.memberId)),
    ]);
    await this.routing.decideAndRecord(
      uow,
      expired.map(({ request, receivedAt, heldAt }) => ({
        request,
        receivedAt,
        finding:
          findingFor(coverage.get(request.memberId), request.dateOfService) ??
          neverReceived(now - heldAt.getTime()),
      })),
      { requestsRecordedNow: false },
    );
    return expired.length;
  }
}
