import { Inject, Injectable } from '@nestjs/common';
import { PlanToday } from '../common/plan-today';
import { DataSource } from 'typeorm';
import type { CcmCriterionId, CoverageSpan } from '@careflow/contracts';
import { coverageOn } from '@careflow/coverage-read-model';
import { describeError, MessagingRuntime } from '@careflow/messaging';
import { JobQueue, JsonLogger } from '@careflow/platform';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { MONTHLY_REVIEW_ACTOR, type Actor } from '../common/actor';
import { criteriaVersionInEffect } from '@careflow/ccm-criteria';
import { sameCriteria } from '../identification/evidence';
import {
  Identification,
  type MemberResult,
  type SettleItem,
} from '../identification/identification.service';
import { readProfiles } from '../identification/profile-store';
import { asError } from '@careflow/contracts';

export const REVIEW_OUTCOMES = ['new', 'still-eligible', 'no-longer-eligible'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export interface ReviewRow {
  month: string;
  status: 'running' | 'completed' | 'failed';
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

interface ReviewPageRow {
  member_id: string;
  spans: CoverageSpan[];
  has_profile: boolean;
}

export class ReviewAlreadyRunningError extends Error {
  override readonly name = 'ReviewAlreadyRunningError';
}

export class InvalidReviewMonthError extends Error {
  override readonly name = 'InvalidReviewMonthError';
}

/** `YYYY-MM` of a plan date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The evaluation date of a month's review: its last day, or today for the month in progress. */
export function reviewAsOf(month: string, today: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return last < today ? last : today;
}

/** The job that runs a month's review (registered by `Schedules`). */
export const MONTHLY_REVIEW_JOB = 'monthly-review';

/** A run of `monthly-review`: the cron's carries only `scheduled`. */
export interface MonthlyReviewJob {
  readonly month?: string;
  readonly requestedBy?: string;
  readonly scheduled?: boolean;
}

/** Marks a month's review running from the start; the caller adds its WHERE and RETURNING. */
const CLAIM_REVIEW = `INSERT INTO monthly_reviews (month, status, as_of, requested_by, started_at)
       VALUES ($1, 'running', $2, $3, now())
       ON CONFLICT (month) DO UPDATE
         SET status = 'running', as_of = EXCLUDED.as_of, requested_by = EXCLUDED.requested_by,
             started_at = now(), completed_at = NULL, members_scanned = 0, members_covered = 0,
             new_count = 0, still_count = 0, no_longer_count = 0, cases_opened = 0, error = NULL`;

const REVIEW_COLUMNS = `month, status, to_char(as_of, 'YYYY-MM-DD') AS as_of, requested_by, started_at, completed_at,
  members_scanned, members_covered, new_count, still_count, no_longer_count, cases_opened, error`;

/**
 * The monthly identification review: every member in the coverage read model is streamed in
 * keyset-paginated batches; members with active coverage and clinical data are re-evaluated
 * in-process from their stored profiles; results, the report rows, evaluations and cases are
 * written per batch in bulk (one transaction each, events through the outbox). The report
 * compares with the previous completed review: new, still eligible, no longer eligible.
 */
@Injectable()
export class MonthlyReview {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(Identification) private readonly identification: Identification,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(JobQueue) private readonly jobs: JobQueue,
  ) {}

  /**
   * Asks for the review of `month` on demand: marks it running and queues the job
   * `monthly-review` in one transaction (the job queue runs it on one instance, and runs it again
   * elsewhere if that instance dies); throws when it is already running. A completed or failed
   * month is reviewed again.
   */
  async start(month: string, requestedBy: Actor): Promise<ReviewRow> {
    const today = this.today.date();
    if (month > monthOf(today))
      throw new InvalidReviewMonthError(`month ${month} has not started yet`);
    const asOf = reviewAsOf(month, today);
    return this.dataSource.transaction(async (manager) => {
      const rows: ReviewRow[] = await manager.query(
        `${CLAIM_REVIEW} WHERE monthly_reviews.status <> 'running' RETURNING ${REVIEW_COLUMNS}`,
        [month, asOf, requestedBy.id],
      );
      const row = rows[0];
      if (!row) throw new ReviewAlreadyRunningError(`the review of ${month} is already running`);
      const job: MonthlyReviewJob = { month, requestedBy: requestedBy.id };
      await this.jobs.trigger(MONTHLY_REVIEW_JOB, job, { singletonKey: month, manager });
      return row;
    });
  }

  /**
   * Runs the review of `month` to its end (the job `monthly-review`). The job queue runs one
   * review of a month at a time, so a row left `running` by an instance that died is taken over.
   * Scheduled (`{ scheduled: true }`), a completed month is left alone: a run that comes late
   * must not review again a month just completed, which would turn its "new" members into
   * "still eligible".
   */
  async review(
    month: string,
    requestedBy: string,
    { scheduled = false }: { scheduled?: boolean } = {},
  ): Promise<ReviewRow | null> {
    const asOf = reviewAsOf(month, this.today.date());
    const rows: ReviewRow[] = await this.dataSource.query(
      `${CLAIM_REVIEW} WHERE NOT ($4::boolean AND monthly_reviews.status = 'completed')
       RETURNING ${REVIEW_COLUMNS}`,
      [month, asOf, requestedBy, scheduled],
    );
    const row = rows[0];
    if (!row) return null;
    try {
      await this.run(month, asOf);
    } catch (error: unknown) {
      const { message } = describeError(error);
      this.logger.error('monthly review failed', { month, error: message });
      await this.dataSource
        .query(`UPDATE monthly_reviews SET status = 'failed', error = $2 WHERE month = $1`, [
          month,
          message.slice(0, 500),
        ])
        .catch(() => undefined);
      throw error;
    }
    return row;
  }

  private async previousMonth(month: string): Promise<string | null> {
    const rows: { month: string }[] = await this.dataSource.query(
      `SELECT month FROM monthly_reviews WHERE status = 'completed' AND month < $1 ORDER BY month DESC LIMIT 1`,
      [month],
    );
    return rows[0]?.month ?? null;
  }

  private async run(month: string, asOf: string): Promise<void> {
    const started = Date.now();
    const today = this.today.date();
    await this.dataSource.query(`DELETE FROM monthly_review_members WHERE month = $1`, [month]);
    const previous = await this.previousMonth(month);
    const batchSize = this.config.MONTHLY_REVIEW_BATCH_SIZE;
    const concurrency = this.config.MONTHLY_REVIEW_CONCURRENCY;
    // Pages of the coverage read model are read in member-id order (keyset); each page is reviewed
    // in its own transaction, `concurrency` pages at once (the pages are disjoint, and each locks
    // its profiles in member-id order like every other writer), so the database works on one page
    // while this process evaluates another.
    const inFlight = new Set<Promise<void>>();
    const failed: { error: Error | null } = { error: null };
    let after = '';
    let scanned = 0;
    for (;;) {
      // An index probe per member for the profile: a join here planned as a merge join that read
      // the profiles' index from its first entry on every page, quadratic in the members.
      const rows: ReviewPageRow[] = await this.dataSource.query(
        `SELECT c.member_id, c.spans,
                EXISTS (SELECT 1 FROM clinical_profiles p WHERE p.member_id = c.member_id) AS has_profile
           FROM member_coverage c
          WHERE c.member_id > $1 ORDER BY c.member_id LIMIT $2`,
        [after, batchSize],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.member_id;
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failed.error) break;
      const batch: Promise<void> = this.reviewPage(month, asOf, today, previous, rows)
        .then(
          () => {
            scanned += rows.length;
          },
          (error: unknown) => {
            failed.error ??= asError(error);
          },
        )
        .finally(() => inFlight.delete(batch));
      inFlight.add(batch);
      if (rows.length < batchSize) break;
    }
    await Promise.all(inFlight);
    if (failed.error) throw failed.error;
    await this.dataSource.query(
      `UPDATE monthly_reviews SET status = 'completed', completed_at = now() WHERE month = $1`,
      [month],
    );
    this.logger.info('monthly review completed', {
      month,
      asOf,
      scanned,
      ms: Date.now() - started,
    });
  }

  /** One page of members: evaluated, reported and settled in one transaction. */
  private async reviewPage(
    month: string,
    asOf: string,
    today: string,
    previous: string | null,
    rows: readonly ReviewPageRow[],
  ): Promise<void> {
    const trigger = { source: 'scheduled-review', eventId: null };
    await this.messaging.transaction(async (uow) => {
      const spansOf = new Map<string, CoverageSpan[]>();
      const withProfile: string[] = [];
      const uncovered: string[] = [];
      let covered = 0;
      for (const r of rows) {
        spansOf.set(r.member_id, r.spans);
        const inForce = coverageOn(r.spans, asOf) !== null;
        if (inForce) covered += 1;
        if (r.has_profile) {
          withProfile.push(r.member_id);
          if (!inForce) uncovered.push(r.member_id);
        }
      }
      // The stored evaluation (its evidence is the largest column) is read only for the members
      // that are not re-evaluated: without coverage their last criteria and evidence are reported.
      const stored = await readProfiles(uow.manager, withProfile, {
        create: false,
        lock: 'wait',
        withEvaluation: uncovered,
      });
      const wasEligible = new Set<string>();
      if (previous && withProfile.length > 0) {
        const prev: { member_id: string }[] = await uow.manager.query(
          `SELECT member_id FROM monthly_review_members
            WHERE month = $1 AND outcome IN ('new', 'still-eligible') AND member_id = ANY($2::text[])`,
          [previous, withProfile],
        );
        for (const p of prev) wasEligible.add(p.member_id);
      }
      const items: SettleItem[] = [];
      const report: {
        memberId: string;
        outcome: ReviewOutcome;
        criteriaMet: CcmCriterionId[];
      }[] = [];
      for (const current of stored.values()) {
        const spans = spansOf.get(current.memberId);
        // Without coverage in force a member is never identified: the criteria need not run.
        const result: MemberResult =
          spans && coverageOn(spans, asOf)
            ? this.identification.evaluate(current.profile, asOf, spans)
            : {
                evaluation: {
                  criteriaMet: current.criteriaMet,
                  evidence: current.evaluation?.evidence ?? [],
                  sources: [],
                  policyVersion:
                    current.evaluation?.policyVersion ?? criteriaVersionInEffect(asOf).version,
                },
                asOf,
                covered: false,
                eligible: false,
              };
        const before = wasEligible.has(current.memberId);
        const outcome: ReviewOutcome | null = result.eligible
          ? before
            ? 'still-eligible'
            : 'new'
          : before
            ? 'no-longer-eligible'
            : null;
        if (outcome)
          report.push({
            memberId: current.memberId,
            outcome,
            criteriaMet: result.evaluation.criteriaMet,
          });
        const unchanged =
          result.eligible === current.eligible &&
          sameCriteria(current.criteriaMet, result.evaluation.criteriaMet);
        if (!outcome && unchanged) continue;
        items.push({
          stored: current,
          profile: null,
          eventsApplied: 0,
          result,
          trigger,
          forcePublish: outcome !== null,
        });
      }
      // Every member here has a row (nothing is created), so none is left unsettled.
      const { outcomes } = await this.identification.settle(uow, items, MONTHLY_REVIEW_ACTOR, {
        reportOnly: asOf !== today,
      });
      const opened = outcomes.filter((o) => o.newlyEligible).length;
      if (report.length > 0) {
        await uow.manager.query(
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
      const count = (o: ReviewOutcome) => report.filter((r) => r.outcome === o).length;
      await uow.manager.query(
        `UPDATE monthly_reviews
            SET members_scanned = members_scanned + $2, members_covered = members_covered + $3,
                new_count = new_count + $4, still_count = still_count + $5,
                no_longer_count = no_longer_count + $6, cases_opened = cases_opened + $7
          WHERE month = $1`,
        [
          month,
          rows.length,
          covered,
          count('new'),
          count('still-eligible'),
          count('no-longer-eligible'),
          opened,
        ],
      );
    });
  }

  async summary(month: string): Promise<ReviewRow | null> {
    const rows: ReviewRow[] = await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM monthly_reviews WHERE month = $1`,
      [month],
    );
    return rows[0] ?? null;
  }

  async members(
    month: string,
    options: { outcome?: ReviewOutcome; after?: string; limit: number },
  ): Promise<{ memberId: string; outcome: ReviewOutcome; criteriaMet: CcmCriterionId[] }[]> {
    const rows: { member_id: string; outcome: ReviewOutcome; criteria_met: CcmCriterionId[] }[] =
      await this.dataSource.query(
        `SELECT member_id, outcome, criteria_met FROM monthly_review_members
        WHERE month = $1 AND ($2::text IS NULL OR outcome = $2) AND member_id > $3
        ORDER BY member_id LIMIT $4`,
        [month, options.outcome ?? null, options.after ?? '', options.limit],
      );
    return rows.map((r) => ({
      memberId: r.member_id,
      outcome: r.outcome,
      criteriaMet: r.criteria_met,
    }));
  }
}
