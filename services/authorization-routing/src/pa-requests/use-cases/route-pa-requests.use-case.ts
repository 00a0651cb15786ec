import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { topics, type Clock, type PaRequested } from '@careflow/contracts';
import { MemberCoverageReadModel } from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import { CLOCK, JsonLogger, lockMembers, parseCommand } from '@careflow/platform';
import { AUTHORIZATION_ROUTING_CONFIG } from '../../tokens';
import type { AuthorizationRoutingConfig } from '../../config';
import {
  findingFor,
  neverReceived,
  RoutingService,
  type ToDecide,
} from '../../routing/routing.service';
import { PaRequestRepository, type ReceivedRequest } from '../pa-request.repository';

/**
 * A chunk of pa.requested events. `data` is the contract's pa.requested, which the backbone has
 * already validated against the topic's schema; the event's own id and time are checked here.
 */
export const routePaRequestsCommand = z.object({
  events: z.array(
    z.object({
      id: z.string().min(1),
      time: z.string(),
      data: z.custom<PaRequested>(
        (data) => typeof data === 'object' && data !== null,
        'must be a pa.requested event',
      ),
    }),
  ),
});
export type RoutePaRequestsCommand = z.input<typeof routePaRequestsCommand>;

/**
 * Records each request and decides it with the policy in force on its received day and the
 * member's coverage on the date of service, or holds it until coverage arrives (pa.pended at
 * once). Decisions are stored and published in the caller's transaction.
 */
@Injectable()
export class RoutePaRequestsUseCase {
  private readonly readModel = new MemberCoverageReadModel();

  constructor(
    @Inject(PaRequestRepository) private readonly requests: PaRequestRepository,
    @Inject(RoutingService) private readonly routing: RoutingService,
    @Inject(AUTHORIZATION_ROUTING_CONFIG) private readonly config: AuthorizationRoutingConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(uow: UnitOfWork, input: RoutePaRequestsCommand): Promise<void> {
    const { events } = parseCommand(routePaRequestsCommand, input, 'PA request events');
    const manager = uow.manager;
    // The same requestId under another event id is the same request: the first one wins.
    const firstByRequest = new Map<string, ReceivedRequest>();
    for (const e of events)
      if (!firstByRequest.has(e.data.requestId))
        firstByRequest.set(e.data.requestId, {
          request: e.data,
          eventId: e.id,
          receivedAt: this.receivedAtOf(e.time),
        });
    const candidates = [...firstByRequest.values()];
    // Recording the requests and reading their members' coverage is one round trip.
    const { recorded, snapshots: found } = await this.requests.recordRequests(manager, candidates);
    const duplicates = events.length - recorded.size;
    if (duplicates > 0) {
      this.logger.info(
        'PA requests already received (redelivered or under another event id); not decided again',
        { count: duplicates },
      );
    }
    const accepted = candidates.filter((c) => recorded.has(c.request.requestId));
    if (accepted.length === 0) return;

    let snapshots = found;
    const unknown = [...new Set(accepted.map((c) => c.request.memberId))].filter(
      (m) => !snapshots.has(m),
    );
    if (unknown.length > 0) {
      // Coverage may be committing right now: lock, then look again before holding.
      await lockMembers(manager, 'authorization-routing', unknown);
      const late = await this.readModel.snapshotsOf(manager, unknown);
      snapshots = new Map([...snapshots, ...late]);
    }

    const toDecide: ToDecide[] = [];
    const held: PaRequested[] = [];
    for (const { request, receivedAt } of accepted) {
      const finding = findingFor(snapshots.get(request.memberId), request.dateOfService);
      // Eligibility never published the member: enrollment feeds lag, so the request waits for
      // coverage (and says so at once, pa.pended). A member whose coverage history exists but
      // does not cover the date of service is decided not-eligible now; a later retroactive
      // change re-decides it (ApplyMemberCoverageUseCase). With no wait configured all are
      // decided at once.
      if (finding === null && this.config.COVERAGE_WAIT_MS > 0) held.push(request);
      else toDecide.push({ request, receivedAt, finding: finding ?? neverReceived(0) });
    }
    if (held.length > 0) {
      const holds = await this.requests.hold(manager, held, this.config.COVERAGE_WAIT_MS);
      const byId = new Map(holds.map((h) => [h.requestId, h]));
      for (const request of held) {
        const hold = byId.get(request.requestId);
        if (hold) uow.publish(topics.paRequestStatus, this.routing.pended(request, hold));
      }
    }
    await this.routing.decideAndRecord(uow, toDecide, { requestsRecordedNow: true });
  }

  /** When the request was received: the CloudEvent `time` (now when it has none usable). */
  private receivedAtOf(time: string): Date {
    const t = new Date(time);
    return Number.isNaN(t.getTime()) ? this.clock.now() : t;
  }
}
