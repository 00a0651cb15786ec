import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type MemberCoverageChanged } from '@careflow/contracts';
import type { MemberCoverageSnapshot } from '@careflow/coverage-read-model';
import { OnEventBatch, type ConsumedEvent, type EventContext } from '@careflow/messaging';
import { AdherenceProgram } from '../adherence/adherence.service';
import { SYSTEM_ACTOR } from '../common/actor';
import { Referrals } from '../referrals/referrals.service';
import { Identification, type Trigger } from './identification.service';
import type { OpenCaseRequest } from '../cases/cases.service';

/**
 * Coverage from eligibility into this service's read model. A member whose coverage changes is
 * re-evaluated from the stored profile (coverage that arrives after the clinical events identifies
 * the member now), referrals that were waiting for coverage open their case, and the adherence
 * program is re-judged.
 */
@Controller()
export class CoverageEventsController {
  constructor(
    @Inject(Identification) private readonly identification: Identification,
    @Inject(Referrals) private readonly referrals: Referrals,
    @Inject(AdherenceProgram) private readonly adherence: AdherenceProgram,
  ) {}

  @OnEventBatch(topics.memberCoverage)
  async onCoverage(
    @Payload() events: ConsumedEvent<MemberCoverageChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const uow = ctx.unitOfWork;
    // The latest version of each member in the chunk (the event that carried it is the trigger);
    // the read model applies the chunk in one statement and answers whose coverage changed.
    const latest = new Map<string, ConsumedEvent<MemberCoverageChanged>>();
    for (const event of events) {
      const prior = latest.get(event.data.memberId);
      if (!prior || prior.data.version < event.data.version) latest.set(event.data.memberId, event);
    }
    const applied = await this.identification.coverage.applyMany(
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
    const memberIds = [...triggers.keys()];
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
}
