import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CcmCriterionId, CcmReferralSubmitted } from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { OPEN_CASE_STATUSES, type Actor } from '../common/actor';
import { Identification, type Trigger } from '../identification/identification.service';
import { lockProfiles } from '../identification/profile-store';

export type ReferralStatus = 'case-opened' | 'awaiting-coverage';

interface StoredReferral {
  member_id: string;
  status: ReferralStatus;
  case_id: string | null;
  submitted_by: string | null;
}

export interface ReferralOutcome {
  readonly referralId: string;
  readonly memberId: string;
  readonly status: ReferralStatus;
  readonly caseId: string | null;
  readonly evaluationId: string | null;
  readonly criteriaMet: readonly CcmCriterionId[];
  /** The referral id was seen before: nothing was done again. */
  readonly duplicate: boolean;
}

/** A referral the program does not accept (e.g. from a provider who is not credentialed). */
export class ReferralRefusedError extends Error {
  override readonly name = 'ReferralRefusedError';
}

/** The referral id was already submitted by someone else: nothing of that referral is told. */
export class ReferralConflictError extends Error {
  override readonly name = 'ReferralConflictError';
  constructor() {
    super('this referral id is already in use');
  }
}

/** How a referral reached the program, and who (or which intake) submitted it. */
export interface ReferralSubmission {
  readonly referral: CcmReferralSubmitted;
  readonly via: { channel: 'event' | 'http'; trigger: Trigger; actor: Actor };
}

/**
 * Referrals from the five referral sources. Each one is reviewed for enrollment whatever the
 * data says: it opens a case (or joins the member's open case) with the evaluation attached, once
 * the member has coverage in force.
 */
@Injectable()
export class Referrals {
  constructor(@Inject(Identification) private readonly identification: Identification) {}

  /**
   * The referrals of one transaction (a chunk of `ccm.referrals.v1`), in order. Their members'
   * profiles are locked first, all at once, in the order the clinical chunks write them.
   */
  async submitAll(
    uow: UnitOfWork,
    submissions: readonly ReferralSubmission[],
  ): Promise<ReferralOutcome[]> {
    await lockProfiles(
      uow.manager,
      submissions.map((s) => s.referral.memberId),
    );
    const outcomes: ReferralOutcome[] = [];
    for (const { referral, via } of submissions)
      outcomes.push(await this.submit(uow, referral, via));
    return outcomes;
  }

  async submit(
    uow: UnitOfWork,
    referral: CcmReferralSubmitted,
    via: ReferralSubmission['via'],
  ): Promise<ReferralOutcome> {
    if (referral.source === 'provider' && referral.referrer?.credentialed !== true) {
      throw new ReferralRefusedError(
        'provider referrals are accepted from credentialed primary care physicians and specialists only (referrer.credentialed must be true)',
      );
    }
    const inserted: unknown[] = await uow.manager.query(
      `INSERT INTO referrals (referral_id, member_id, source, referrer, reason, submitted_at, received_via, status, submitted_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, 'awaiting-coverage', $8)
       ON CONFLICT (referral_id) DO NOTHING RETURNING referral_id`,
      [
        referral.referralId,
        referral.memberId,
        referral.source,
        referral.referrer ? JSON.stringify(referral.referrer) : null,
        referral.reason ?? null,
        referral.submittedAt,
        via.channel,
        via.actor.id,
      ],
    );
    if (inserted.length === 0) {
      const existing = await this.byId(uow.manager, referral.referralId);
      // Only its own submitter learns anything of a referral; the same id from anyone else
      // (or for another member) is a conflict.
      if (
        !existing ||
        existing.submitted_by !== via.actor.id ||
        existing.member_id !== referral.memberId
      ) {
        throw new ReferralConflictError();
      }
      return {
        referralId: referral.referralId,
        memberId: existing.member_id,
        status: existing.status,
        caseId: existing.case_id,
        evaluationId: null,
        criteriaMet: [],
        duplicate: true,
      };
    }
    const results = await this.identification.reevaluate(
      uow,
      new Map([[referral.memberId, via.trigger]]),
      {
        create: true,
        forcePublish: true,
        actor: via.actor,
        referralCases: new Map([
          [
            referral.memberId,
            {
              memberId: referral.memberId,
              sources: [referral.source],
              actor: via.actor,
              detail: {
                referralId: referral.referralId,
                referralSource: referral.source,
                referrer: referral.referrer ?? null,
                reason: referral.reason ?? null,
              },
            },
          ],
        ]),
      },
    );
    await this.linkOpenCases(uow.manager, [referral.memberId]);
    const row = await this.byId(uow.manager, referral.referralId);
    const result = results.get(referral.memberId);
    return {
      referralId: referral.referralId,
      memberId: referral.memberId,
      status: row?.status ?? 'awaiting-coverage',
      caseId: row?.case_id ?? null,
      evaluationId: result?.outcome.evaluationId ?? null,
      criteriaMet: result?.result.evaluation.criteriaMet ?? [],
      duplicate: false,
    };
  }

  /** Members among `memberIds` with referrals still waiting for coverage. */
  async awaitingCoverage(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<
    {
      referral_id: string;
      member_id: string;
      source: string;
      referrer: unknown;
      reason: string | null;
    }[]
  > {
    if (memberIds.length === 0) return [];
    return manager.query(
      `SELECT referral_id, member_id, source, referrer, reason FROM referrals
        WHERE status = 'awaiting-coverage' AND member_id = ANY($1::text[])
        ORDER BY received_at FOR UPDATE`,
      [memberIds],
    );
  }

  /** Referrals waiting for coverage whose member now has an open case are linked to it. */
  async linkOpenCases(manager: EntityManager, memberIds: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE referrals r SET status = 'case-opened', case_id = c.case_id
         FROM cases c
        WHERE r.member_id = ANY($1::text[]) AND r.status = 'awaiting-coverage'
          AND c.member_id = r.member_id AND c.status = ANY($2::text[])`,
      [memberIds, OPEN_CASE_STATUSES],
    );
  }

  private async byId(manager: EntityManager, referralId: string): Promise<StoredReferral | null> {
    const rows: StoredReferral[] = await manager.query(
      `SELECT member_id, status, case_id, submitted_by FROM referrals WHERE referral_id = $1`,
      [referralId],
    );
    return rows[0] ?? null;
  }
}
