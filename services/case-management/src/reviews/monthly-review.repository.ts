import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MonthlyReviewOutcome as ReviewOutcome } from '@careflow/ccm-criteria';
import type { CcmCriterionId, CoverageSpan } from '@careflow/contracts';

export {
  MONTHLY_REVIEW_OUTCOMES as REVIEW_OUTCOMES,
  type MonthlyReviewOutcome as ReviewOutcome,
} from '@careflow/ccm-criteria';

/** One month's review: its state and running counts (`monthly_reviews`). */
export interface MonthlyReviewRecord {
  month: string;
  status: 'running' | 'completed' | 'failed';
  asOf: string;
  requestedBy: string;
  startedAt: Date;
  completedAt: Date | null;
  membersScanned: number;
  membersCovered: number;
  newCount: number;
  stillCount: number;
  noLongerCount: number;
  casesOpened: number;
  error: string | null;
}

/** A member of the month's report. */
export interface ReviewedMember {
  memberId: string;
  outcome: ReviewOutcome;
  criteriaMet: CcmCriterionId[];
}

/** A member of the coverage read model, as a review page reads it. */
export interface ReviewCandidate {
  memberId: string;
  spans: CoverageSpan[];
  hasProfile: boolean;
}

/** What one page of a review adds to the month's counts. */
export interface ReviewPageCounts {
  scanned: number;
  covered: number;
  new: number;
  stillEligible: number;
  noLongerEligible: number;
  casesOpened: number;
}

interface ReviewRow {
  month: string;
  status: MonthlyReviewRecord['status'];
  as_of: string;
  requested_by: string;
  started_at: Date;
  completed_at: Date | null;
  members_scanned: number;
  members_covered: number;
  new_count: number;
  still_count: number;
  no_longer_count: number;
  cases_opened: number;
  error: string | null;
}

const REVIEW_COLUMNS = `month, status, to_char(as_of, 'YYYY-MM-DD') AS as_of, requested_by, started_at, completed_at,
  members_scanned, members_covered, new_count, still_count, no_longer_count, cases_opened, error`;

function recordOf(r: ReviewRow): MonthlyReviewRecord {
  return {
    month: r.month,
    status: r.status,
    asOf: r.as_of,
    requestedBy: r.requested_by,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    membersScanned: r.members_scanned,
    membersCovered: r.members_covered,
    newCount: r.new_count,
    stillCount: r.still_count,
    noLongerCount: r.no_longer_count,
    casesOpened: r.cases_opened,
    error: r.error,
  };
}

/** Monthly reviews and their reports: the only place their SQL lives. */
/** Marks a month's review running from the start; the caller adds its WHERE and RETURNING. */
const CLAIM_REVIEW = `INSERT INTO monthly_reviews (month, status, as_of, requested_by, started_at)
       VALUES ($1, 'running', $2, $3, now())
       ON CONFLICT (month) DO UPDATE
         SET status = 'running', as_of = EXCLUDED.as_of, requested_by = EXCLUDED.requested_by,
             started_at = now(), completed_at = NULL, members_scanned = 0, members_covered = 0,
             new_count = 0, still_count = 0, no_longer_count = 0, cases_opened = 0, error = NULL`;

@Injectable()
export class MonthlyReviewRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * On demand: marks `month` running (counts reset) in the caller's transaction and answers it,
   * or null while it is running (the job queue takes over a run whose instance died).
   */
  async claimOnDemand(
    manager: EntityManager,
    month: string,
    asOf: string,
    requestedBy: string,
  ): Promise<MonthlyReviewRecord | null> {
    const rows: ReviewRow[] = await manager.query(
      `${CLAIM_REVIEW} WHERE monthly_reviews.status <> 'running' RETURNING ${REVIEW_COLUMNS}`,
      [month, asOf, requestedBy],
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }

  /**
   * The job's run: marks `month` running (counts reset) and answers it, or null when
   * `scheduled` and the month is already completed (a late run must not review it again). A row
   * left running by a dead instance is taken over: the queue runs one review of a month at once.
   */
  async claimForRun(
    month: string,
    asOf: string,
    requestedBy: string,
    scheduled: boolean,
  ): Promise<MonthlyReviewRecord | null> {
    const rows: ReviewRow[] = await this.dataSource.query(
      `${CLAIM_REVIEW} WHERE NOT ($4::boolean AND monthly_reviews.status = 'completed')
       RETURNING ${REVIEW_COLUMNS}`,
      [month, asOf, requestedBy, scheduled],
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }

  async markFailed(month: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE monthly_reviews SET status = 'failed', error = $2 WHERE month = $1`,
      [month, error],
    );
  }

  async markCompleted(month: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE monthly_reviews SET status = 'completed', completed_at = now() WHERE month = $1`,
      [month],
    );
  }

  /** The latest completed review before `month`, the report's comparison. */
  async previousCompleted(month: string): Promise<string | null> {
    const rows: { month: string }[] = await this.dataSource.query(
      `SELECT month FROM monthly_reviews WHERE status = 'completed' AND month < $1 ORDER BY month DESC LIMIT 1`,
      [month],
    );
    return rows[0]?.month ?? null;
  }

  /** Forgets the report of an earlier run of `month`. */
  async clearReport(month: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM monthly_review_members WHERE month = $1`, [month]);
  }

  /** A page of the coverage read model after `after` (keyset, member-id order). */
  async candidates(after: string, limit: number): Promise<ReviewCandidate[]> {
    // An index probe per member for the profile: a join here planned as a merge join that read
    // the profiles' index from its first entry on every page, quadratic in the members.
    const rows: { member_id: string; spans: CoverageSpan[]; has_profile: boolean }[] =
      await this.dataSource.query(
        `SELECT c.member_id, c.spans,
                EXISTS (SELECT 1 FROM clinical_profiles p WHERE p.member_id = c.member_id) AS has_profile
           FROM member_coverage c
          WHERE c.member_id > $1 ORDER BY c.member_id LIMIT $2`,
        [after, limit],
      );
    return rows.map((r) => ({ memberId: r.member_id, spans: r.spans, hasProfile: r.has_profile }));
  }

  /** Which of `memberIds` the review of `month` reported eligible (new or still eligible). */
  async reportedEligible(
    manager: EntityManager,
    month: string,
    memberIds: readonly string[],
  ): Promise<Set<string>> {
    const rows: { member_id: string }[] = await manager.query(
      `SELECT member_id FROM monthly_review_members
        WHERE month = $1 AND outcome IN ('new', 'still-eligible') AND member_id = ANY($2::text[])`,
      [month, memberIds],
    );
    return new Set(rows.map((r) => r.member_id));
  }

  /** Adds a page's report rows and counts to the month, in the page's transaction. */
  async recordPage(
    manager: EntityManager,
    month: string,
    report: readonly ReviewedMember[],
    counts: ReviewPageCounts,
  ): Promise<void> {
    if (report.length > 0) {
      await manager.query(
        `INSERT INTO monthly_review_members (month, member_id, outcome, criteria_met)
         SELECT $1, u.member_id, u.outcome, ARRAY(SELECT jsonb_array_elements_text(u.criteria::jsonb))
           FROM unnest($2::text[], $3::text[], $4::text[]) AS u(member_id, outcome, criteria)`,
        [
          month,
          report.map((r) => r.memberId),
          report.map((r) => r.outcome),
          report.map((r) => JSON.stringify(r.criteriaMet)),
        ],
      );
    }
    await manager.query(
      `UPDATE monthly_reviews
          SET members_scanned = members_scanned + $2, members_covered = members_covered + $3,
              new_count = new_count + $4, still_count = still_count + $5,
              no_longer_count = no_longer_count + $6, cases_opened = cases_opened + $7
        WHERE month = $1`,
      [
        month,
        counts.scanned,
        counts.covered,
        counts.new,
        counts.stillEligible,
        counts.noLongerEligible,
        counts.casesOpened,
      ],
    );
  }

  async summary(month: string): Promise<MonthlyReviewRecord | null> {
    const rows: ReviewRow[] = await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM monthly_reviews WHERE month = $1`,
      [month],
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }

  /** The reviews, newest month first, before `before` (keyset), at most `limit`. */
  async recent(options: { before?: string; limit: number }): Promise<MonthlyReviewRecord[]> {
    const rows: ReviewRow[] = await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM monthly_reviews
        WHERE $1::text IS NULL OR month < $1 ORDER BY month DESC LIMIT $2`,
      [options.before ?? null, options.limit],
    );
    return rows.map(recordOf);
  }

  /** A page of the month's report, optionally of one outcome, after `after` (keyset). */
  async members(
    month: string,
    options: { outcome?: ReviewOutcome; after?: string; limit: number },
  ): Promise<ReviewedMember[]> {
    const query = this.dataSource
      .createQueryBuilder()
      .select([
        'r.member_id AS member_id',
        'r.outcome AS outcome',
        'r.criteria_met AS criteria_met',
      ])
      .from('monthly_review_members', 'r')
      .where('r.month = :month', { month })
      .andWhere('r.member_id > :after', { after: options.after ?? '' })
      .orderBy('r.member_id')
      .limit(options.limit);
    if (options.outcome) query.andWhere('r.outcome = :outcome', { outcome: options.outcome });
    const rows: { member_id: string; outcome: ReviewOutcome; criteria_met: CcmCriterionId[] }[] =
      await query.getRawMany();
    return rows.map((r) => ({
      memberId: r.member_id,
      outcome: r.outcome,
      criteriaMet: r.criteria_met,
    }));
  }
}
