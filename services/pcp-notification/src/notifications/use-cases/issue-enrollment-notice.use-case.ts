import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { decideEnrollmentNotice } from '@careflow/ccm-criteria';
import { identifier } from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';
import { CaseRepository } from '../../cases/case.repository';
import { FeedRepository } from '../../feed/feed.repository';
import { NotificationRepository } from '../notification.repository';
import { PcpOutreach } from '../pcp-outreach';

export const issueEnrollmentNoticeCommand = z
  .object({
    caseId: identifier,
    /** The event that prompted the check (the case change or the coverage change). */
    sourceEventId: z.string().min(1).max(400),
  })
  .strict();
export type IssueEnrollmentNoticeCommand = z.input<typeof issueEnrollmentNoticeCommand>;

/**
 * Makes sure the current PCP of an enrolled case's member has the enrollment notice
 * (decideEnrollmentNotice): issues it when coverage names a PCP who has not had it, tells the
 * case manager when coverage names no PCP (`pcp-missing`) or a different one than before
 * (`pcp-changed`), and the supervisors when the case has no case manager to name in it. Runs in
 * the caller's unit of work, with the member locked.
 */
@Injectable()
export class IssueEnrollmentNoticeUseCase {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(PcpOutreach) private readonly outreach: PcpOutreach,
  ) {}

  async execute(input: IssueEnrollmentNoticeCommand, uow: UnitOfWork): Promise<void> {
    const { caseId, sourceEventId } = parseCommand(
      issueEnrollmentNoticeCommand,
      input,
      'issue enrollment notice',
    );
    const manager = uow.manager;
    const found = await this.cases.byId(manager, caseId);
    if (!found || found.status !== 'enrolled') return;
    const caseManager = found.caseManager;
    const { pcp, span } = caseManager
      ? await this.outreach.currentPcp(manager, found.memberId)
      : { pcp: null, span: null };
    const decision = decideEnrollmentNotice({
      caseManagerAssigned: caseManager !== null,
      currentPcp: pcp,
      noticesSentTo:
        caseManager && pcp
          ? (await this.notifications.enrollmentNoticeAddressees(manager, caseId)).map((n) => ({
              npi: n.pcpNpi,
              name: n.pcpName,
            }))
          : [],
      caseManagerMissingOpen:
        !caseManager && (await this.feed.hasOpen(manager, caseId, 'case-manager-missing')),
      pcpMissingOpen:
        caseManager !== null && !pcp && (await this.feed.hasOpen(manager, caseId, 'pcp-missing')),
    });
    const about = { memberId: found.memberId, caseId, sourceEventId };
    if (decision.action !== 'await-case-manager')
      await this.feed.closeOpen(manager, caseId, ['case-manager-missing'], 'completed');
    switch (decision.action) {
      case 'await-case-manager':
        // The notice goes out with the next case event once the case is assigned.
        if (decision.tellSupervisors)
          await this.feed.add(manager, {
            ...about,
            kind: 'case-manager-missing',
            status: 'new',
            audience: 'supervisor',
            title: `No case manager assigned: enrollment notice waiting (case ${caseId})`,
            detail: "Letters carry the case manager's contact details; assign the case to send it.",
          });
        return;
      case 'await-pcp':
        if (decision.tellCaseManager)
          await this.feed.add(manager, {
            ...about,
            kind: 'pcp-missing',
            status: 'new',
            title: `No PCP on file: enrollment notice waiting (case ${caseId})`,
            detail:
              'Coverage names no primary care provider. The enrollment notice goes out as soon as coverage names one.',
          });
        return;
      case 'already-notified':
        return;
      case 'notify': {
        await this.feed.closeOpen(manager, caseId, ['pcp-missing'], 'completed');
        const previous = decision.previousPcp;
        if (previous)
          await this.feed.add(manager, {
            ...about,
            kind: 'pcp-changed',
            status: 'new',
            title: `PCP changed to ${decision.pcp.name} (was ${previous.name})`,
            detail: `The new PCP (NPI ${decision.pcp.npi}) is being sent the enrollment notice; the previous PCP (NPI ${previous.npi}) had it.`,
          });
        await this.outreach.issueLetter(uow, {
          kind: 'enrollment-notice',
          case: found,
          memberId: found.memberId,
          caseId,
          pcp: decision.pcp,
          span,
          caseManager,
          sourceEventId,
          sourceRef: null,
        });
        return;
      }
    }
  }
}
