import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { decideEnrollmentNotice } from '@careflow/ccm-criteria';
import { identifier } from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';
import { CaseRepository, type CaseProjection } from '../../cases/case.repository';
import { FeedRepository, openKey, type NewFeedItem } from '../../feed/feed.repository';
import type { FeedKind } from '../../feed/feed-model';
import { NotificationRepository } from '../notification.repository';
import { PcpOutreach, type LetterToIssue } from '../pcp-outreach';

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
    const found = await this.cases.byId(uow.manager, caseId);
    if (found) await this.executeForCases([{ case: found, sourceEventId }], uow);
  }

  /**
   * `execute` for distinct cases whose projection the caller has just written or read (use cases
   * that validated their own commands), with a few statements for all of them: one read each of
   * the members' coverage, the notices sent and the open prompts, then one write each of the
   * prompts closed, the feed items and the letters.
   */
  async executeForCases(
    requests: readonly { case: CaseProjection; sourceEventId: string }[],
    uow: UnitOfWork,
  ): Promise<void> {
    const manager = uow.manager;
    const enrolled = requests.filter((r) => r.case.status === 'enrolled');
    if (enrolled.length === 0) return;
    const assigned = enrolled.filter((r) => r.case.caseManager !== null);
    const pcps = await this.outreach.currentPcps(manager, [
      ...new Set(assigned.map((r) => r.case.memberId)),
    ]);
    const pcpOf = (r: (typeof enrolled)[number]) =>
      (r.case.caseManager && pcps.get(r.case.memberId)) || { pcp: null, span: null };
    const addressees = await this.notifications.enrollmentNoticeAddressees(
      manager,
      enrolled.filter((r) => pcpOf(r).pcp !== null).map((r) => r.case.caseId),
    );
    const open = await this.feed.openOf(
      manager,
      enrolled.filter((r) => pcpOf(r).pcp === null).map((r) => r.case.caseId),
      ['case-manager-missing', 'pcp-missing'],
    );
    const closes: { caseId: string; kinds: FeedKind[] }[] = [];
    const items: NewFeedItem[] = [];
    const letters: LetterToIssue[] = [];
    for (const request of enrolled) {
      const found = request.case;
      const caseId = found.caseId;
      const caseManager = found.caseManager;
      const { pcp, span } = pcpOf(request);
      const decision = decideEnrollmentNotice({
        caseManagerAssigned: caseManager !== null,
        currentPcp: pcp,
        noticesSentTo: (addressees.get(caseId) ?? []).map((n) => ({
          npi: n.pcpNpi,
          name: n.pcpName,
        })),
        caseManagerMissingOpen: !caseManager && open.has(openKey(caseId, 'case-manager-missing')),
        pcpMissingOpen: caseManager !== null && !pcp && open.has(openKey(caseId, 'pcp-missing')),
      });
      /** A new item about this case for the case manager (or the supervisors). */
      const tell = (
        kind: FeedKind,
        title: string,
        detail: string,
        audience: NewFeedItem['audience'] = 'case-manager',
      ) =>
        items.push({
          memberId: found.memberId,
          caseId,
          sourceEventId: request.sourceEventId,
          kind,
          status: 'new',
          audience,
          title,
          detail,
        });
      const closing: FeedKind[] = [];
      if (decision.action !== 'await-case-manager') closing.push('case-manager-missing');
      if (decision.action === 'notify') closing.push('pcp-missing');
      if (closing.length > 0) closes.push({ caseId, kinds: closing });
      switch (decision.action) {
        case 'await-case-manager':
          // The notice goes out with the next case event once the case is assigned.
          if (decision.tellSupervisors)
            tell(
              'case-manager-missing',
              `No case manager assigned: enrollment notice waiting (case ${caseId})`,
              "Letters carry the case manager's contact details; assign the case to send it.",
              'supervisor',
            );
          break;
        case 'await-pcp':
          if (decision.tellCaseManager)
            tell(
              'pcp-missing',
              `No PCP on file: enrollment notice waiting (case ${caseId})`,
              'Coverage names no primary care provider. The enrollment notice goes out as soon as coverage names one.',
            );
          break;
        case 'already-notified':
          break;
        case 'notify': {
          const previous = decision.previousPcp;
          if (previous)
            tell(
              'pcp-changed',
              `PCP changed to ${decision.pcp.name} (was ${previous.name})`,
              `The new PCP (NPI ${decision.pcp.npi}) is being sent the enrollment notice; the previous PCP (NPI ${previous.npi}) had it.`,
            );
          letters.push({
            kind: 'enrollment-notice',
            case: found,
            memberId: found.memberId,
            caseId,
            pcp: decision.pcp,
            span,
            caseManager,
            sourceEventId: request.sourceEventId,
            sourceRef: null,
          });
          break;
        }
      }
    }
    // Each case's closes and additions concern different kinds, so grouping them by statement
    // leaves the feed as handling the cases one by one did.
    await this.feed.closeOpenMany(manager, closes, 'completed');
    await this.feed.addMany(manager, items);
    await this.outreach.issueLetters(uow, letters);
  }
}
