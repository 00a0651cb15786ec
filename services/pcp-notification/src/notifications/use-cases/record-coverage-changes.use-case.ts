import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { memberCoverageChangedData, type MemberCoverageChanged } from '@careflow/contracts';
import { MemberCoverageReadModel } from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import { lockMembers, parseCommand } from '@careflow/platform';
import { CaseRepository } from '../../cases/case.repository';
import { MemberIdentityRepository } from '../../members/member-identity.repository';
import { IssueEnrollmentNoticeUseCase } from './issue-enrollment-notice.use-case';

export const recordCoverageChangesCommand = z
  .object({
    snapshots: z.array(
      z.object({ eventId: z.string().min(1).max(400), snapshot: memberCoverageChangedData }),
    ),
  })
  .strict();
export type RecordCoverageChangesCommand = z.input<typeof recordCoverageChangesCommand>;

/**
 * A chunk of coverage snapshots (the topic is busy: every member's every change). Only the newest
 * snapshot of each member in the chunk matters; the enrolled cases of the members whose snapshot
 * was applied are then checked for a missing or changed PCP (IssueEnrollmentNoticeUseCase).
 */
@Injectable()
export class RecordCoverageChangesUseCase {
  constructor(
    @Inject(MemberCoverageReadModel) private readonly coverage: MemberCoverageReadModel,
    @Inject(MemberIdentityRepository) private readonly identities: MemberIdentityRepository,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(IssueEnrollmentNoticeUseCase)
    private readonly issueEnrollmentNotice: IssueEnrollmentNoticeUseCase,
  ) {}

  async execute(input: RecordCoverageChangesCommand, uow: UnitOfWork): Promise<void> {
    const { snapshots } = parseCommand(
      recordCoverageChangesCommand,
      input,
      'record coverage changes',
    );
    const newest = new Map<string, { eventId: string; snapshot: MemberCoverageChanged }>();
    for (const entry of snapshots) {
      const held = newest.get(entry.snapshot.memberId);
      if (!held || held.snapshot.version < entry.snapshot.version)
        newest.set(entry.snapshot.memberId, entry);
    }
    const manager = uow.manager;
    await lockMembers(manager, 'pcp-notification', [...newest.keys()]);
    const latest = [...newest.values()].map((e) => e.snapshot);
    await this.identities.storeNewest(manager, latest);
    const changed = await this.coverage.applyMany(manager, latest);
    const applied = new Map(changed.map((memberId) => [memberId, newest.get(memberId)!.eventId]));
    if (applied.size === 0) return;
    const enrolled = await this.cases.enrolledOfMembersForUpdate(manager, [...applied.keys()]);
    await this.issueEnrollmentNotice.executeForCases(
      enrolled.map((found) => ({ case: found, sourceEventId: applied.get(found.memberId)! })),
      uow,
    );
  }
}
