import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ccmCaseChangedData, type CcmCaseChanged } from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { lockMembers, OPEN_CASE_STATUSES, parseCommand } from '@careflow/platform';
import { CaseRepository, caseOfChange } from '../../cases/case.repository';
import { FeedRepository, type NewFeedItem } from '../../feed/feed.repository';
import type { Notification } from '../notification';
import { CancelCaseNotificationsUseCase } from './cancel-case-notifications.use-case';
import { IssueEnrollmentNoticeUseCase } from './issue-enrollment-notice.use-case';

/** The event id of each change: what makes its feed items and notices unique. */
export const recordCaseChangesCommand = z
  .object({
    changes: z.array(z.object({ eventId: z.string().min(1).max(400), change: ccmCaseChangedData })),
  })
  .strict();
export type RecordCaseChangesCommand = z.input<typeof recordCaseChangesCommand>;

/**
 * A chunk of case changes, in partition order: the case projection, the case managers' feed,
 * the closure notice of a case that closed and the enrollment notice of an enrolled one. Coverage
 * and status updates of the same members are consumed concurrently, so the members of the whole
 * chunk are locked first, in one sorted statement (see lockMembers): locking each event's member
 * as its turn came took the locks in event order, and a coverage chunk holding the same members
 * in sorted order deadlocked with it.
 */
@Injectable()
export class RecordCaseChangesUseCase {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(CancelCaseNotificationsUseCase)
    private readonly cancelNotifications: CancelCaseNotificationsUseCase,
    @Inject(IssueEnrollmentNoticeUseCase)
    private readonly issueEnrollmentNotice: IssueEnrollmentNoticeUseCase,
  ) {}

  async execute(input: RecordCaseChangesCommand, uow: UnitOfWork): Promise<void> {
    const { changes } = parseCommand(recordCaseChangesCommand, input, 'record case changes');
    await lockMembers(
      uow.manager,
      'pcp-notification',
      changes.map((c) => c.change.memberId),
    );
    // A chunk names each case once but for the rare chunk with two events of one case, which is
    // handled an event at a time so that each sees what the one before it left.
    const distinct = new Set(changes.map((c) => c.change.caseId)).size === changes.length;
    if (distinct) await this.record(uow, changes);
    else for (const change of changes) await this.record(uow, [change]);
  }

  /**
   * Changes of distinct cases, with a few statements for all of them: the projection, then each
   * closed case's cancellations, the case managers' feed items, the prompts the changes close and
   * the enrollment notices. Each case's writes are those of handling it alone.
   */
  private async record(
    uow: UnitOfWork,
    changes: readonly { eventId: string; change: CcmCaseChanged }[],
  ): Promise<void> {
    const manager = uow.manager;
    const before = await this.cases.upsertMany(
      manager,
      changes.map((c) => c.change),
    );
    const items: NewFeedItem[] = [];
    for (const { eventId, change } of changes) {
      const previous = before.get(change.caseId);
      const changed =
        !previous ||
        previous.status !== change.status ||
        previous.caseManagerId !== (change.caseManager?.id ?? null);
      const cancelled = (OPEN_CASE_STATUSES as readonly string[]).includes(change.status)
        ? []
        : await this.cancelNotifications.execute(
            {
              caseId: change.caseId,
              status: change.status,
              closureReason: change.closureReason ?? null,
            },
            uow,
          );
      if (changed) items.push(caseFeedItem(eventId, change, cancelled));
    }
    await this.feed.addMany(manager, items);
    await this.feed.closeOpenMany(
      manager,
      changes
        .filter((c) => c.change.status !== 'identified' && c.change.status !== 'assessment-pending')
        .map((c) => ({ caseId: c.change.caseId, kinds: ['assessment-due'] })),
      'completed',
    );
    await this.issueEnrollmentNotice.executeForCases(
      changes.map((c) => ({ case: caseOfChange(c.change), sourceEventId: c.eventId })),
      uow,
    );
  }
}

/** The feed item that tells the case managers what happened to the case. */
function caseFeedItem(
  eventId: string,
  d: CcmCaseChanged,
  cancelled: readonly Notification[],
): NewFeedItem {
  const base = { memberId: d.memberId, caseId: d.caseId, sourceEventId: eventId };
  switch (d.status) {
    case 'identified':
      return {
        ...base,
        kind: 'case-identified',
        status: 'new',
        title: `New identification: case ${d.caseId}`,
        detail: `Identified from ${d.identificationSources.join(', ') || 'an unknown source'}; criteria met: ${d.criteriaMet.join(', ') || 'none listed'}.`,
      };
    case 'assessment-pending':
      return {
        ...base,
        kind: 'assessment-due',
        status: 'pending',
        title: `Assessment due: case ${d.caseId}`,
        detail: 'Call the member to assess them for enrollment.',
      };
    case 'enrolled':
    case 'declined':
    case 'unable-to-reach':
    case 'not-eligible':
    case 'closed': {
      const calls = cancelled.filter((c) => c.kind === 'condition-change-call').length;
      return {
        ...base,
        kind: 'case-status',
        status: 'new',
        title: `Case ${d.caseId} ${d.status}${d.closureReason ? `: ${d.closureReason.replace(/-/g, ' ')}` : ''}`,
        detail:
          cancelled.length > 0
            ? `${cancelled.length - calls} letter(s) not yet delivered and ${calls} pending call(s) to the PCP cancelled.`
            : null,
      };
    }
  }
}
