import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseStatus, CcmReferralSubmitted, ReferralSource } from '@careflow/contracts';

export type ReferralStatus = 'case-opened' | 'awaiting-coverage';

/** What the service keeps of a referral to answer its submitter again. */
export interface StoredReferral {
  readonly memberId: string;
  readonly status: ReferralStatus;
  readonly caseId: string | null;
  readonly submittedBy: string | null;
}

/** A referral still waiting for its member's coverage. */
export interface PendingReferral {
  readonly referralId: string;
  readonly memberId: string;
  readonly source: ReferralSource;
  readonly referrer: unknown;
  readonly reason: string | null;
}

/** Referrals (`referrals`): one row per referral id, waiting for coverage or linked to a case. */
@Injectable()
export class ReferralRepository {
  /** Stores a new referral as awaiting coverage; false when its id is already stored. */
  async insert(
    manager: EntityManager,
    referral: CcmReferralSubmitted,
    receivedVia: 'event' | 'http',
    submittedBy: string,
  ): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
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
        receivedVia,
        submittedBy,
      ],
    );
    return inserted.length > 0;
  }

  async byId(manager: EntityManager, referralId: string): Promise<StoredReferral | null> {
    const rows: {
      member_id: string;
      status: ReferralStatus;
      case_id: string | null;
      submitted_by: string | null;
    }[] = await manager.query(
      `SELECT member_id, status, case_id, submitted_by FROM referrals WHERE referral_id = $1`,
      [referralId],
    );
    const row = rows[0];
    return row
      ? {
          memberId: row.member_id,
          status: row.status,
          caseId: row.case_id,
          submittedBy: row.submitted_by,
        }
      : null;
  }

  /** The members' referrals still waiting for coverage, oldest first, locked. */
  async awaitingCoverage(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<PendingReferral[]> {
    if (memberIds.length === 0) return [];
    const rows: {
      referral_id: string;
      member_id: string;
      source: ReferralSource;
      referrer: unknown;
      reason: string | null;
    }[] = await manager.query(
      `SELECT referral_id, member_id, source, referrer, reason FROM referrals
        WHERE status = 'awaiting-coverage' AND member_id = ANY($1::text[])
        ORDER BY received_at FOR UPDATE`,
      [memberIds],
    );
    return rows.map((r) => ({
      referralId: r.referral_id,
      memberId: r.member_id,
      source: r.source,
      referrer: r.referrer,
      reason: r.reason,
    }));
  }

  /** Links the members' referrals waiting for coverage to their case in `openStatuses`. */
  async linkToOpenCases(
    manager: EntityManager,
    memberIds: readonly string[],
    openStatuses: readonly CaseStatus[],
  ): Promise<void> {
    await manager.query(
      `UPDATE referrals r SET status = 'case-opened', case_id = c.case_id
         FROM cases c
        WHERE r.member_id = ANY($1::text[]) AND r.status = 'awaiting-coverage'
          AND c.member_id = r.member_id AND c.status = ANY($2::text[])`,
      [memberIds, openStatuses],
    );
  }
}
