import {
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { memberId } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  zodDto,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { actorOf } from '../common/actor';
import {
  reviewListAnswer,
  reviewReportAnswer,
  reviewSummaryAnswer,
  type ReviewReport,
  type ReviewSummary,
} from './review-answer';
import {
  MonthlyReviewRepository,
  REVIEW_OUTCOMES,
  type MonthlyReviewRecord,
} from './monthly-review.repository';
import {
  reviewMonth as month,
  StartMonthlyReview,
} from './use-cases/start-monthly-review.use-case';

class StartQuery extends zodDto(z.strictObject({ month: month.optional() })) {}
class ListQuery extends zodDto(
  z.strictObject({
    before: month.optional().describe('The last month of the previous page.'),
    limit: z.coerce.number().int().min(1).max(120).default(12),
  }),
) {}
class MonthParams extends zodDto(z.object({ month })) {}
class ReportQuery extends zodDto(
  z.strictObject({
    outcome: z.enum(REVIEW_OUTCOMES).optional(),
    after: memberId.optional().describe('The last memberId of the previous page.'),
    limit: z.coerce.number().int().min(1).max(1000).default(1000),
  }),
) {}

function summaryOf(r: MonthlyReviewRecord): ReviewSummary {
  return {
    month: r.month,
    status: r.status,
    asOf: r.asOf,
    requestedBy: r.requestedBy,
    startedAt: new Date(r.startedAt).toISOString(),
    completedAt: r.completedAt ? new Date(r.completedAt).toISOString() : null,
    membersScanned: r.membersScanned,
    membersWithActiveCoverage: r.membersCovered,
    counts: { new: r.newCount, stillEligible: r.stillCount, noLongerEligible: r.noLongerCount },
    casesOpened: r.casesOpened,
    error: r.error,
  };
}

@ApiTags('reviews')
@Roles('supervisor', 'admin')
@Controller('reviews/monthly')
export class ReviewsController {
  constructor(
    @Inject(StartMonthlyReview) private readonly startReview: StartMonthlyReview,
    @Inject(MonthlyReviewRepository) private readonly reviews: MonthlyReviewRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Post()
  @ApiAnswer(202, 'The review started; poll GET /reviews/monthly/{month}.', reviewSummaryAnswer)
  @ApiConflictResponse({ description: "That month's review is running." })
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Runs the monthly identification review now (default: the current month); poll the report.',
  })
  async start(
    @Query() query: StartQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReviewSummary> {
    return summaryOf(
      await this.startReview.execute({ month: query.month, requestedBy: actorOf(principal) }),
    );
  }

  @Get()
  @ApiAnswer(200, 'A page of the reviews, newest month first.', reviewListAnswer)
  @ApiOperation({
    summary: 'The monthly reviews run so far (summaries, newest first): the latest is the first.',
  })
  async list(@Query() query: ListQuery): Promise<z.input<typeof reviewListAnswer>> {
    const reviews = (await this.reviews.recent(query)).map(summaryOf);
    return {
      reviews,
      next: reviews.length === query.limit ? (reviews.at(-1)?.month ?? null) : null,
    };
  }

  @Get(':month')
  @ApiAnswer(200, 'The report, with a page of its members.', reviewReportAnswer)
  @ApiNotFoundResponse({ description: 'That month has not been reviewed.' })
  @ApiOperation({
    summary:
      "The month's identification report: counts and members (new, still eligible, no longer eligible).",
  })
  async report(
    @Param() params: MonthParams,
    @Query() query: ReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<ReviewReport> {
    const m = params.month;
    const q = query;
    const summary = await this.reviews.summary(m);
    if (!summary) throw new NotFoundException(`no review of ${m}`);
    const members = await this.reviews.members(m, q);
    await this.audit.recordMany(
      members.map((x) => ({
        actor: principal,
        action: 'monthly-review.read',
        resourceType: 'monthly-review',
        resourceId: m,
        memberId: x.memberId,
        outcome: 'allowed' as const,
        ...auditOrigin(request),
      })),
    );
    return {
      ...summaryOf(summary),
      members,
      next: members.length === q.limit ? (members.at(-1)?.memberId ?? null) : null,
    };
  }
}
