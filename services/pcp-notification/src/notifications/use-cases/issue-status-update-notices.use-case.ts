import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { statusUpdateOutreach } from '@careflow/ccm-criteria';
import { clinicalStatusUpdatedData, type ClinicalStatusUpdated } from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { lockMembers, parseCommand } from '@careflow/platform';
import { CaseRepository } from '../../cases/case.repository';
import { FeedRepository } from '../../feed/feed.repository';
import { publishNotification } from '../notification';
import { NotificationRepository } from '../notification.repository';
import { PcpOutreach } from '../pcp-outreach';

export const issueStatusUpdateNoticesCommand = z
  .object({
    updates: z.array(
      z.object({ eventId: z.string().min(1).max(400), update: clinicalStatusUpdatedData }),
    ),
  })
  .strict();
export type IssueStatusUpdateNoticesCommand = z.input<typeof issueStatusUpdateNoticesCommand>;

/**
 * A chunk of clinical status updates (the members locked first, as in RecordCaseChangesUseCase):
 * each owes the PCP what statusUpdateOutreach says, a written update, a call, or both, and the
 * case manager a prompt after a hospital stay or a word when coverage names no PCP.
 */
@Injectable()
export class IssueStatusUpdateNoticesUseCase {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(PcpOutreach) private readonly outreach: PcpOutreach,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
  ) {}

  async execute(input: IssueStatusUpdateNoticesCommand, uow: UnitOfWork): Promise<void> {
    const { updates } = parseCommand(
      issueStatusUpdateNoticesCommand,
      input,
      'issue status update notices',
    );
    await lockMembers(
      uow.manager,
      'pcp-notification',
      updates.map((u) => u.update.memberId),
    );
    for (const { eventId, update } of updates) await this.issue(uow, eventId, update);
  }

  private async issue(
    uow: UnitOfWork,
    eventId: string,
    data: ClinicalStatusUpdated,
  ): Promise<void> {
    const manager = uow.manager;
    await this.cases.insertEnrolledUnlessKnown(manager, data);
    const found = await this.cases.byId(manager, data.caseId);
    // The case closed (coverage ended, declined) before the update arrived: nobody to write to.
    if (found && found.status !== 'enrolled') return;
    if (data.retracts) return this.withdraw(uow, data, data.retracts);
    const { pcp, span } = await this.outreach.currentPcp(manager, data.memberId);
    const owed = statusUpdateOutreach({
      hospitalStay: data.origin === 'hospital-stay',
      conditionChanged: data.conditionChanged,
      pcpOnFile: pcp !== null,
    });
    const about = { memberId: data.memberId, caseId: data.caseId, sourceEventId: eventId };
    if (owed.promptHospitalStay)
      await this.feed.add(manager, {
        ...about,
        kind: 'hospital-stay',
        status: 'new',
        title: `Hospital stay of an enrolled member (case ${data.caseId})`,
        detail: `${data.summary} A hospital stay is a change in condition: call the PCP.`,
      });
    if (owed.letter && pcp)
      await this.outreach.issueLetter(uow, {
        kind: 'clinical-status-update',
        case: found,
        memberId: data.memberId,
        caseId: data.caseId,
        pcp,
        span,
        caseManager: data.caseManager,
        sourceEventId: eventId,
        sourceRef: `update:${data.updateId}`,
        update: {
          summary: data.summary,
          recordedAt: data.recordedAt,
          recordedBy: data.recordedBy.name,
          conditionChanged: data.conditionChanged,
        },
      });
    if (owed.pcpMissing)
      await this.feed.add(manager, {
        ...about,
        kind: 'pcp-missing',
        status: 'new',
        title: `No PCP on file: clinical status update letter not sent (case ${data.caseId})`,
        detail: 'Coverage names no primary care provider, so the written update has no addressee.',
      });
    if (owed.call)
      await this.outreach.issueCall(uow, {
        memberId: data.memberId,
        caseId: data.caseId,
        pcp,
        caseManager: data.caseManager,
        sourceEventId: eventId,
        sourceRef: `update:${data.updateId}`,
      });
  }

  /**
   * The hospital cancelled the admission or discharge an earlier update reported: that update's
   * pending call (or undelivered letter) is cancelled and published so, and its prompt and call
   * items in the feed say why. Nothing new is owed.
   */
  private async withdraw(
    uow: UnitOfWork,
    data: ClinicalStatusUpdated,
    retracted: string,
  ): Promise<void> {
    const manager = uow.manager;
    const { cancelled, sourceEventIds } = await this.notifications.cancelOfUpdate(
      manager,
      data.caseId,
      `update:${retracted}`,
    );
    for (const notification of cancelled) publishNotification(uow, notification);
    const why = `Cancelled: ${data.summary}`;
    await this.feed.updateForNotifications(
      manager,
      cancelled.map((n) => ({
        notificationId: n.notificationId,
        kind: n.kind,
        status: 'cancelled' as const,
        detail: why,
      })),
    );
    await this.feed.closeOpenOfSources(
      manager,
      data.caseId,
      'hospital-stay',
      sourceEventIds,
      'cancelled',
      why,
    );
  }
}
