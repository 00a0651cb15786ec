import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  PlanCalendar,
  type CaseManagerContact,
  type Clock,
  type CoverageSpan,
  type PrimaryCareProvider,
} from '@careflow/contracts';
import { coverageOn, MemberCoverageReadModel } from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import { CLOCK } from '@careflow/platform';
import type { CaseProjection } from '../cases/case.repository';
import type { PcpNotificationConfig } from '../config';
import { FeedRepository } from '../feed/feed.repository';
import { toStoredLetterFacts, type LetterFacts } from '../letters/letter-content';
import { LetterTemplateRepository } from '../letters/letter-template.repository';
import type { LetterKind, LetterTemplate } from '../letters/letter-template';
import {
  MemberIdentityRepository,
  type MemberIdentity,
} from '../members/member-identity.repository';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';
import { letterUrlOf, publishNotification } from './notification';
import { NotificationRepository, type NewCall } from './notification.repository';

export interface LetterToIssue {
  readonly kind: LetterKind;
  readonly case: CaseProjection | null;
  readonly memberId: string;
  readonly caseId: string;
  readonly pcp: PrimaryCareProvider;
  readonly span: CoverageSpan | null;
  readonly caseManager: CaseManagerContact | null;
  readonly sourceEventId: string;
  readonly sourceRef: string | null;
  readonly update?: LetterFacts['update'];
}

const NO_PCP = { pcp: null, span: null } as const;

export type CallToIssue = Omit<NewCall, 'notificationId' | 'dueBy'>;

/**
 * The steps the notice use cases share: the PCP on file today, recording a letter (its facts, for
 * rendering after the transaction commits) and recording a call task, each with its feed item.
 * All run in the caller's unit of work; the unique constraints make a redelivery a no-op.
 */
@Injectable()
export class PcpOutreach {
  constructor(
    @Inject(PCP_NOTIFICATION_CONFIG) private readonly config: PcpNotificationConfig,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(LetterTemplateRepository) private readonly templates: LetterTemplateRepository,
    @Inject(MemberIdentityRepository) private readonly identities: MemberIdentityRepository,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(MemberCoverageReadModel) private readonly coverage: MemberCoverageReadModel,
    /** "Today" for the PCP on file is the plan's calendar date (PLAN_TIME_ZONE), not UTC's. */
    @Inject(PlanCalendar) private readonly calendar: PlanCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The member's coverage span today and the PCP it names. */
  async currentPcp(
    manager: EntityManager,
    memberId: string,
  ): Promise<{ pcp: PrimaryCareProvider | null; span: CoverageSpan | null }> {
    return (await this.currentPcps(manager, [memberId])).get(memberId) ?? NO_PCP;
  }

  /** `currentPcp` of several members in one read, by member id (members without coverage absent). */
  async currentPcps(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<Map<string, { pcp: PrimaryCareProvider | null; span: CoverageSpan | null }>> {
    if (memberIds.length === 0) return new Map();
    const snapshots = await this.coverage.snapshotsOf(manager, memberIds);
    const today = this.calendar.dateOf(this.clock.now());
    return new Map(
      [...snapshots].map(([memberId, snapshot]) => {
        const span = coverageOn(snapshot.spans, today);
        return [memberId, { pcp: span?.pcp ?? null, span }];
      }),
    );
  }

  /**
   * Records a letter with the facts it states and the template version it uses; the PDF is
   * rendered from them once this transaction has committed (RenderLetterUseCase), so no PDF is
   * rendered while the members' locks are held.
   */
  async issueLetter(uow: UnitOfWork, letter: LetterToIssue): Promise<void> {
    await this.issueLetters(uow, [letter]);
  }

  /**
   * `issueLetter` for several letters with a few statements in all: one read of the templates
   * and of the members' identities, one insert of the letters and one of their feed items.
   */
  async issueLetters(uow: UnitOfWork, letters: readonly LetterToIssue[]): Promise<void> {
    if (letters.length === 0) return;
    const manager = uow.manager;
    const templates = new Map<LetterKind, LetterTemplate>();
    for (const kind of new Set(letters.map((l) => l.kind)))
      templates.set(kind, await this.templates.current(manager, kind));
    const identities = await this.identities.ofMany(manager, [
      ...new Set(letters.map((l) => l.memberId)),
    ]);
    const createdAt = this.clock.now();
    const records = letters.map((letter) => {
      const template = templates.get(letter.kind)!;
      const facts = this.factsOf(letter, identities.get(letter.memberId) ?? null, createdAt);
      return {
        letter,
        template,
        row: {
          notificationId: `ntf-${randomUUID()}`,
          kind: letter.kind,
          memberId: letter.memberId,
          caseId: letter.caseId,
          pcp: letter.pcp,
          caseManager: letter.caseManager,
          sourceEventId: letter.sourceEventId,
          sourceRef: letter.sourceRef,
          templateVersion: template.version,
          facts: toStoredLetterFacts(facts),
          createdAt,
        },
      };
    });
    const issued = await this.notifications.insertLetters(
      manager,
      records.map((r) => r.row),
    );
    // A letter already issued for its event, case or update gets no second feed item.
    await this.feed.addMany(
      manager,
      records
        .filter((r) => issued.has(r.row.notificationId))
        .map(({ letter, template, row: { notificationId } }) => ({
          kind: letter.kind,
          status: 'queued' as const,
          memberId: letter.memberId,
          caseId: letter.caseId,
          notificationId,
          title:
            letter.kind === 'enrollment-notice'
              ? `Enrollment notice to ${letter.pcp.name}`
              : `Clinical status update letter to ${letter.pcp.name}`,
          detail: `Letter issued from template v${template.version}; waiting for delivery.`,
          letterUrl: letterUrlOf(notificationId),
          sourceEventId: letter.sourceEventId,
        })),
    );
  }

  /** What a letter states, as of `date` (issuing a letter and previewing one share it). */
  async letterFacts(
    manager: EntityManager,
    letter: Omit<LetterToIssue, 'kind' | 'sourceEventId' | 'sourceRef'>,
    date: Date,
  ): Promise<LetterFacts> {
    return this.factsOf(letter, await this.identities.of(manager, letter.memberId), date);
  }

  private factsOf(
    letter: Omit<LetterToIssue, 'kind' | 'sourceEventId' | 'sourceRef'>,
    member: MemberIdentity | null,
    date: Date,
  ): LetterFacts {
    return {
      program: {
        planName: this.config.PLAN_NAME,
        programName: this.config.PROGRAM_NAME,
        providerServicesPhone: this.config.PROVIDER_SERVICES_PHONE,
        planAddress: this.config.PLAN_ADDRESS,
        timeZone: this.calendar.timeZone,
      },
      date,
      memberId: letter.memberId,
      member,
      caseId: letter.caseId,
      criteriaMet: letter.case?.criteriaMet ?? [],
      pcp: letter.pcp,
      coverage: letter.span,
      caseManager: letter.caseManager,
      ...(letter.update ? { update: letter.update } : {}),
    };
  }

  /** Records a call to the PCP, due CALL_DUE_HOURS from now, and publishes it as pending. */
  async issueCall(uow: UnitOfWork, call: CallToIssue): Promise<void> {
    const manager = uow.manager;
    const notificationId = `ntf-${randomUUID()}`;
    const dueBy = new Date(
      this.clock.now().getTime() + Math.round(this.config.CALL_DUE_HOURS * 3600_000),
    );
    const issued = await this.notifications.insertCall(manager, { ...call, notificationId, dueBy });
    if (!issued) return;
    publishNotification(uow, issued);
    await this.feed.add(manager, {
      kind: 'condition-change-call',
      status: 'pending',
      memberId: call.memberId,
      caseId: call.caseId,
      notificationId,
      title: call.pcp
        ? `Call ${call.pcp.name} about a change in condition`
        : 'Call the PCP about a change in condition (no PCP on file)',
      detail: call.pcp
        ? `PCP phone: ${call.pcp.phone ?? 'not on file'}. Record the call to close this task.`
        : 'Coverage names no PCP; find the treating physician and record the call.',
      dueBy,
      sourceEventId: call.sourceEventId,
    });
  }
}
