import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ccmReferralSubmittedData, type CcmCriterionId } from '@careflow/contracts';
import { RejectedEventError, type UnitOfWork } from '@careflow/messaging';
import { OperationConflictError, parseCommand } from '@careflow/platform';
import { actorSchema } from '../../common/actor';
import { Identification } from '../../identification/identification.service';
import { ClinicalProfileRepository } from '../../identification/clinical-profile.repository';
import { ReferralRepository, type ReferralStatus } from '../referrals.repository';
import { Referrals } from '../referrals.service';

export const referMemberCommand = z.object({
  referral: ccmReferralSubmittedData,
  via: z.object({
    channel: z.enum(['event', 'http']),
    /** What set the evaluation off (the event, or the HTTP route). */
    trigger: z.object({ source: z.string().min(1), eventId: z.string().min(1) }),
    actor: actorSchema,
  }),
});
export type ReferMemberCommand = z.input<typeof referMemberCommand>;

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

/**
 * A referral the program does not accept (e.g. from a provider who is not credentialed):
 * permanent on the event path, 422 over HTTP.
 */
export class ReferralRefusedError extends RejectedEventError {}

/** The referral id was already submitted by someone else: nothing of that referral is told. */
export class ReferralConflictError extends OperationConflictError {
  constructor() {
    super('referral-id-in-use', 'this referral id is already in use');
  }
}

/**
 * Refers a member from one of the five referral sources (`POST /referrals` and
 * `ccm.referrals.v1` alike). Each referral is reviewed for enrollment whatever the data says: it
 * opens a case (or joins the member's open case) with the evaluation attached, once the member
 * has coverage in force. Runs in the caller's unit of work.
 */
@Injectable()
export class ReferMember {
  constructor(
    @Inject(Identification) private readonly identification: Identification,
    @Inject(ReferralRepository) private readonly referrals: ReferralRepository,
    @Inject(Referrals) private readonly linking: Referrals,
    @Inject(ClinicalProfileRepository) private readonly profiles: ClinicalProfileRepository,
  ) {}

  /**
   * The referrals of one transaction (a chunk of `ccm.referrals.v1`), in order. Their members'
   * profiles are locked first, all at once, in the order the clinical chunks write them.
   */
  async executeAll(uow: UnitOfWork, inputs: readonly unknown[]): Promise<ReferralOutcome[]> {
    const commands = inputs.map((input) => parseCommand(referMemberCommand, input, 'referral'));
    await this.profiles.lock(
      uow.manager,
      commands.map((c) => c.referral.memberId),
    );
    const outcomes: ReferralOutcome[] = [];
    for (const command of commands) outcomes.push(await this.refer(uow, command));
    return outcomes;
  }

  async execute(uow: UnitOfWork, input: unknown): Promise<ReferralOutcome> {
    return this.refer(uow, parseCommand(referMemberCommand, input, 'referral'));
  }

  private async refer(
    uow: UnitOfWork,
    { referral, via }: z.output<typeof referMemberCommand>,
  ): Promise<ReferralOutcome> {
    if (referral.source === 'provider' && referral.referrer?.credentialed !== true) {
      throw new ReferralRefusedError(
        'provider referrals are accepted from credentialed primary care physicians and specialists only (referrer.credentialed must be true)',
      );
    }
    if (!(await this.referrals.insert(uow.manager, referral, via.channel, via.actor.id))) {
      const existing = await this.referrals.byId(uow.manager, referral.referralId);
      // Only its own submitter learns anything of a referral; the same id from anyone else
      // (or for another member) is a conflict.
      if (
        !existing ||
        existing.submittedBy !== via.actor.id ||
        existing.memberId !== referral.memberId
      ) {
        throw new ReferralConflictError();
      }
      return {
        referralId: referral.referralId,
        memberId: existing.memberId,
        status: existing.status,
        caseId: existing.caseId,
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
    await this.linking.linkOpenCases(uow.manager, [referral.memberId]);
    const stored = await this.referrals.byId(uow.manager, referral.referralId);
    const result = results.get(referral.memberId);
    return {
      referralId: referral.referralId,
      memberId: referral.memberId,
      status: stored?.status ?? 'awaiting-coverage',
      caseId: stored?.caseId ?? null,
      evaluationId: result?.outcome.evaluationId ?? null,
      criteriaMet: result?.result.evaluation.criteriaMet ?? [],
      duplicate: false,
    };
  }
}
