import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { memberCoverageChangedData, topics, type MemberCoverageChanged } from '@careflow/contracts';
import type { MemberCoverageSnapshot } from '@careflow/coverage-read-model';
import type { ConsumedEvent, UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';
import { AdherenceProgram } from '../../adherence/adherence.service';
import type { OpenCaseRequest } from '../../cases/cases.service';
import { SYSTEM_ACTOR } from '../../common/actor';
import { MemberDemographicsRepository } from '../../members/member-demographics.repository';
import { Referrals } from '../../referrals/referrals.service';
import { Identification } from '../identification.service';
import type { Trigger } from '../member-result';

type CoverageSnapshotData = Pick<
  MemberCoverageChanged,
  'memberId' | 'version' | 'spans' | 'member'
>;

/** The member and version of each snapshot; its spans were validated when it was consumed. */
const snapshotFields = memberCoverageChangedData.pick({ memberId: true, version: true });

const coverageChangesCommand = z.object({
  events: z.array(
    z.object({
      id: z.string().min(1),
      topic: z.literal(topics.memberCoverage.name),
      data: z.custom<CoverageSnapshotData>(
        (data) =>
          typeof data === 'object' &&
          data !== null &&
          Array.isArray((data as { spans?: unknown }).spans) &&
          snapshotFields.safeParse(data).success,
        'a coverage snapshot (memberId, version, spans)',
      ),
    }),
  ),
});

export interface ApplyCoverageChangesCommand {
  /** A chunk of `eligibility.member-coverage.v1`, in the order consumed. */
  readonly events: readonly ConsumedEvent<MemberCoverageChanged>[];
}

/**
 * Coverage from eligibility into this service's read model. A member whose coverage changed is
 * re-evaluated from the stored profile (coverage that arrives after the clinical events
 * identifies the member now), referrals that were waiting for coverage open their case, and the
 * adherence program is re-judged. The member's name and birth date, when the snapshot carries
 * them, go to `member_demographics` (the caseload shows them). Runs in the caller's unit of work.
 */
@Injectable()
export class ApplyCoverageChanges {
  constructor(
    @Inject(Identification) private readonly identification: Identification,
    @Inject(Referrals) private readonly referrals: Referrals,
    @Inject(AdherenceProgram) private readonly adherence: AdherenceProgram,
    @Inject(MemberDemographicsRepository)
    private readonly demographics: MemberDemographicsRepository,
  ) {}

  async execute(uow: UnitOfWork, command: ApplyCoverageChangesCommand): Promise<void> {
    const { events } = parseCommand(coverageChangesCommand, command, 'coverage changes');
    // The latest version of each member in the chunk (the event that carried it is the trigger);
    // the read model applies the chunk in one statement and answers whose coverage changed.
    const latest = new Map<string, (typeof events)[number]>();
    for (const event of events) {
      const prior = latest.get(event.data.memberId);
      if (!prior || prior.data.version < event.data.version) latest.set(event.data.memberId, event);
    }
    const applied = await this.identification.coverage.applyMany(
      uow.manager,
      [...latest.values()].map((e) => e.data),
    );
    await this.demographics.storeNewest(
      uow.manager,
      [...latest.values()].map((e) => e.data),
    );
    const triggers = new Map<string, Trigger>();
    const snapshots = new Map<string, MemberCoverageSnapshot>();
    for (const memberId of applied) {
      const event = latest.get(memberId)!;
      triggers.set(memberId, { source: event.topic, eventId: event.id });
      snapshots.set(memberId, { memberId, version: event.data.version, spans: event.data.spans });
    }
    if (triggers.size === 0) return;
    const referralCases = await this.referralCasesOf(uow, [...triggers.keys()]);
    const withReferral = new Map([...triggers].filter(([m]) => referralCases.has(m)));
    const others = new Map([...triggers].filter(([m]) => !referralCases.has(m)));
    if (withReferral.size > 0) {
      await this.identification.reevaluate(uow, withReferral, {
        create: true,
        forcePublish: false,
        referralCases,
      });
      await this.referrals.linkOpenCases(uow.manager, [...withReferral.keys()]);
    }
    await this.identification.reevaluate(uow, others, { create: false, forcePublish: false });
    await this.adherence.applyCoverage(uow, [...snapshots.values()]);
  }

  /** The case each member's waiting referrals open once covered (their sources together). */
  private async referralCasesOf(
    uow: UnitOfWork,
    memberIds: readonly string[],
  ): Promise<Map<string, Omit<OpenCaseRequest, 'criteriaMet'>>> {
    const pending = await this.referrals.awaitingCoverage(uow.manager, memberIds);
    const referralCases = new Map<string, Omit<OpenCaseRequest, 'criteriaMet'>>();
    for (const r of pending) {
      const prior = referralCases.get(r.memberId);
      referralCases.set(r.memberId, {
        memberId: r.memberId,
        sources: [...(prior?.sources ?? []), r.source],
        actor: SYSTEM_ACTOR,
        detail: {
          referralId: r.referralId,
          referralSource: r.source,
          referrer: r.referrer,
          reason: r.reason,
        },
      });
    }
    return referralCases;
  }
}
