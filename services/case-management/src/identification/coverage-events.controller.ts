import { Controller, Inject } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type MemberCoverageChanged, type ReferralSource } from '@careflow/contracts';
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
    // The latest version of each member in the chunk, applied in one statement.
    const latest = new Map<string, ConsumedEvent<MemberCoverageChanged>>();
    for (const event of events) {
      const prior = latest.get(event.data.memberId);
      if (!prior || prior.data.version < event.data.version) latest.set(event.data.memberId, event);
    }
    const applied = await applySnapshots(
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
      const prior = referralCases.get(r.member_id);
      referralCases.set(r.member_id, {
        memberId: r.member_id,
        sources: [...(prior?.sources ?? []), r.source as ReferralSource],
        actor: SYSTEM_ACTOR,
        detail: {
          referralId: r.referral_id,
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

/**
 * `MemberCoverageReadModel.apply` for a whole chunk in one statement (same table, same rule: an
 * older version never replaces a newer one); answers the members whose snapshot was applied.
 */
async function applySnapshots(
  manager: EntityManager,
  snapshots: readonly MemberCoverageChanged[],
): Promise<string[]> {
  if (snapshots.length === 0) return [];
  const rows: { member_id: string }[] = await manager.query(
    `INSERT INTO member_coverage (member_id, version, spans, updated_at)
     SELECT m, v, s, now() FROM unnest($1::text[], $2::bigint[], $3::jsonb[]) AS u(m, v, s)
     ON CONFLICT (member_id) DO UPDATE
       SET version = EXCLUDED.version, spans = EXCLUDED.spans, updated_at = now()
       WHERE member_coverage.version < EXCLUDED.version
     RETURNING member_id`,
    [
      snapshots.map((x) => x.memberId),
      snapshots.map((x) => x.version),
      snapshots.map((x) => JSON.stringify(x.spans)),
    ],
  );
  return rows.map((r) => r.member_id);
}
