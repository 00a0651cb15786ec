import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlanToday } from '../common/plan-today';
import type { CoverageSpan } from '@careflow/contracts';
import { coverageOn } from '@careflow/coverage-read-model';
import { describeError, MessagingRuntime } from '@careflow/messaging';
import { JobQueue, JsonLogger, OperationConflictError } from '@careflow/platform';
import type { CaseManagementConfig } from '../config';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { MONTHLY_REVIEW_ACTOR, type Actor } from '../common/actor';
import {
  criteriaVersionInEffect,
  monthlyReviewOutcome,
  reviewAsOf,
  reviewSettles,
} from '@careflow/ccm-criteria';
import { ClinicalProfileRepository } from '../identification/clinical-profile.repository';
import { EvaluationSettlement, type SettleItem } from '../identification/evaluation-settlement';
import { Identification, type MemberResult } from '../identification/identification.service';
import {
  MonthlyReviewRepository,
  type MonthlyReviewRecord,
  type ReviewCandidate,
  type ReviewedMember,
  type ReviewOutcome,
} from './monthly-review.repository';
import { asError } from '@careflow/contracts';

/** That month's review is running (or, for the schedule, already completed). */
export class ReviewAlreadyRunningError extends OperationConflictError {
  constructor(message: string) {
    super('review-running', message);
  }
}

/** For the schedule, which asks the month in progress here. */
export { monthOf } from '@careflow/ccm-criteria';

/** The job that runs a month's review (registered by `Schedules`). */
export const MONTHLY_REVIEW_JOB = 'monthly-review';

/** A run of `monthly-review`: the cron's carries only `scheduled`. */
export interface MonthlyReviewJob {
  readonly month?: string;
  readonly requestedBy?: string;
  readonly scheduled?: boolean;
}

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
    @Inject(MonthlyReviewRepository) private readonly reviews: MonthlyReviewRepository,
    @Inject(ClinicalProfileRepository) private readonly profiles: ClinicalProfileRepository,
    @Inject(EvaluationSettlement) private readonly settlement: EvaluationSettlement,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(Identification) private readonly identification: Identification,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /**
   * Asks for the review of `month` on demand: marks it running and queues the job
   * `monthly-review` in one transaction (the job queue runs it on one instance, and runs it again
   * elsewhere if that instance dies); throws when it is already running. A completed or failed
   * month is reviewed again.
   */
  async start(month: string, requestedBy: Actor): Promise<MonthlyReviewRecord> {
    const asOf = reviewAsOf(month, this.today.date());
    return this.dataSource.transaction(async (manager) => {
      const row = await this.reviews.claimOnDemand(manager, month, asOf, requestedBy.id);
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
  ): Promise<MonthlyReviewRecord | null> {
    const asOf = reviewAsOf(month, this.today.date());
    const row = await this.reviews.claimForRun(month, asOf, requestedBy, scheduled);
    if (!row) return null;
    try {
      await this.run(month, asOf);
    } catch (error: unknown) {
      const { message } = describeError(error);
      this.logger.error('monthly review failed', { month, error: message });
      await this.reviews.markFailed(month, message.slice(0, 500)).catch(() => undefined);
      throw error;
    }
    return row;
  }

  private async run(month: string, asOf: string): Promise<void> {
    const started = Date.now();
    const today = this.today.date();
    await this.reviews.clearReport(month);
    const previous = await this.reviews.previousCompleted(month);
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
      const rows = await this.reviews.candidates(after, batchSize);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.memberId;
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
    await this.reviews.markCompleted(month);
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
    rows: readonly ReviewCandidate[],
  ): Promise<void> {
    const trigger = { source: 'scheduled-review', eventId: null };
    await this.messaging.transaction(async (uow) => {
      const spansOf = new Map<string, CoverageSpan[]>();
      const withProfile: string[] = [];
      const uncovered: string[] = [];
      let covered = 0;
      for (const r of rows) {
        spansOf.set(r.memberId, r.spans);
        const inForce = coverageOn(r.spans, asOf) !== null;
        if (inForce) covered += 1;
        if (r.hasProfile) {
          withProfile.push(r.memberId);
          if (!inForce) uncovered.push(r.memberId);
        }
      }
      // The stored evaluation (its evidence is the largest column) is read only for the members
      // that are not re-evaluated: without coverage their last criteria and evidence are reported.
      const stored = await this.profiles.read(uow.manager, withProfile, {
        create: false,
        lock: 'wait',
        withEvaluation: uncovered,
      });
      const wasEligible =
        previous && withProfile.length > 0
          ? await this.reviews.reportedEligible(uow.manager, previous, withProfile)
          : new Set<string>();
      const items: SettleItem[] = [];
      const report: ReviewedMember[] = [];
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
        const outcome = monthlyReviewOutcome(wasEligible.has(current.memberId), result.eligible);
        if (outcome)
          report.push({
            memberId: current.memberId,
            outcome,
            criteriaMet: result.evaluation.criteriaMet,
          });
        const found = { criteriaMet: result.evaluation.criteriaMet, eligible: result.eligible };
        if (!reviewSettles(outcome, current, found)) continue;
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
      const { outcomes } = await this.settlement.settle(uow, items, MONTHLY_REVIEW_ACTOR, {
        reportOnly: asOf !== today,
      });
      const opened = outcomes.filter((o) => o.newlyEligible).length;
      const count = (o: ReviewOutcome) => report.filter((r) => r.outcome === o).length;
      await this.reviews.recordPage(uow.manager, month, report, {
        scanned: rows.length,
        covered,
        new: count('new'),
        stillEligible: count('still-eligible'),
        noLongerEligible: count('no-longer-eligible'),
        casesOpened: opened,
      });
    });
  }
}
