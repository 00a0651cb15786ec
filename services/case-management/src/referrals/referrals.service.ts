import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_CASE_STATUSES } from '../common/actor';
import { ReferralRepository, type PendingReferral } from './referrals.repository';

/**
 * What identification asks of referrals when coverage arrives: which referrals waited for it,
 * and linking them to the case their member now has.
 */
@Injectable()
export class Referrals {
  constructor(@Inject(ReferralRepository) private readonly referrals: ReferralRepository) {}

  /** Members among `memberIds` with referrals still waiting for coverage (locked). */
  async awaitingCoverage(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<PendingReferral[]> {
    return this.referrals.awaitingCoverage(manager, memberIds);
  }

  /** Referrals waiting for coverage whose member now has an open case are linked to it. */
  async linkOpenCases(manager: EntityManager, memberIds: readonly string[]): Promise<void> {
    await this.referrals.linkToOpenCases(manager, memberIds, OPEN_CASE_STATUSES);
  }
}
