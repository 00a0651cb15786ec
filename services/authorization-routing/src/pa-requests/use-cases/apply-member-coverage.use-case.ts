import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { MemberCoverageChanged } from '@careflow/contracts';
import { MemberCoverageReadModel } from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import { lockMembers, parseCommand } from '@careflow/platform';
import { versionChangeReason, type DecisionRecord } from '../../routing/decide';
import {
  findingFor,
  publishDecision,
  RoutingService,
  type ToDecide,
} from '../../routing/routing.service';
import { PaRequestRepository } from '../pa-request.repository';

/** Member-coverage snapshots (the contract's, validated by the backbone on the event path). */
export const applyMemberCoverageCommand = z.object({
  snapshots: z.array(
    z.custom<MemberCoverageChanged>(
      (data) => typeof data === 'object' && data !== null,
      'must be a member-coverage.changed event',
    ),
  ),
});
export type ApplyMemberCoverageCommand = z.input<typeof applyMemberCoverageCommand>;

/**
 * Keeps routing's copy of the members' coverage, decides the held requests of these members that
 * the new coverage covers (the others keep waiting until covered or until their wait expires),
 * and decides again their not-eligible decisions that the coverage now covers (a retroactive
 * enrollment or reinstatement): each new decision names the one it supersedes. Routed and
 * manual-review decisions are not revisited (see the README).
 */
@Injectable()
export class ApplyMemberCoverageUseCase {
  private readonly readModel = new MemberCoverageReadModel();

  constructor(
    @Inject(PaRequestRepository) private readonly requests: PaRequestRepository,
    @Inject(RoutingService) private readonly routing: RoutingService,
  ) {}

  async execute(uow: UnitOfWork, input: ApplyMemberCoverageCommand): Promise<void> {
    const { snapshots } = parseCommand(applyMemberCoverageCommand, input, 'member coverage');
    const manager = uow.manager;
    const memberIds = [...new Set(snapshots.map((s) => s.memberId))];
    await lockMembers(manager, 'authorization-routing', memberIds);
    await this.readModel.applyMany(manager, snapshots);

    const held = await this.requests.heldRequestsOf(manager, memberIds);
    await this.redecideNotEligible(uow, memberIds);
    if (held.length === 0) return;
    const coverage = await this.readModel.snapshotsOf(manager, [
      ...new Set(held.map((h) => h.request.memberId)),
    ]);
    const toDecide: ToDecide[] = [];
    for (const { request, receivedAt } of held) {
      const finding = findingFor(coverage.get(request.memberId), request.dateOfService);
      if (finding?.status === 'covered') toDecide.push({ request, receivedAt, finding });
    }
    if (toDecide.length === 0) return;
    await this.requests.release(
      manager,
      toDecide.map((d) => d.request.requestId),
    );
    await this.routing.decideAndRecord(uow, toDecide, { requestsRecordedNow: false });
  }

  private async redecideNotEligible(uow: UnitOfWork, memberIds: readonly string[]): Promise<void> {
    const decided = await this.requests.notEligibleDecisionsOf(uow.manager, memberIds);
    if (decided.length === 0) return;
    const coverage = await this.readModel.snapshotsOf(uow.manager, [
      ...new Set(decided.map((d) => d.request.memberId)),
    ]);
    const records: DecisionRecord[] = [];
    for (const previous of decided) {
      const finding = findingFor(
        coverage.get(previous.request.memberId),
        previous.request.dateOfService,
      );
      if (finding?.status !== 'covered') continue;
      const record = this.routing.decide(previous.request, previous.receivedAt, finding);
      const versionChange = versionChangeReason(
        previous.policyVersion,
        record.decision.policyVersion,
      );
      records.push({
        ...record,
        decision: {
          ...record.decision,
          reasons: versionChange
            ? [...record.decision.reasons, versionChange]
            : record.decision.reasons,
          supersedes: {
            eventId: previous.eventId,
            outcome: previous.outcome,
            ruleTrace: previous.ruleTrace,
            policyVersion: previous.policyVersion,
            decidedAt: previous.decidedAt.toISOString(),
          },
        },
      });
    }
    if (records.length === 0) return;
    const replaced = await this.requests.replaceNotEligible(uow.manager, records);
    for (const record of records)
      if (replaced.has(record.decision.requestId)) publishDecision(uow, record);
  }
}
