import {
  BadRequestException,
  ConflictException,
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
import { PlanToday } from '../common/plan-today';
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
  reviewReportAnswer,
  reviewSummaryAnswer,
  type ReviewReport,
  type ReviewSummary,
} from './review-answer';
import {
  InvalidReviewMonthError,
  MonthlyReview,
  monthOf,
  REVIEW_OUTCOMES,
  ReviewAlreadyRunningError,
  type ReviewRow,
} from './monthly-review.service';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

class StartQuery extends zodDto(z.strictObject({ month: month.optional() })) {}
class MonthParams extends zodDto(z.object({ month })) {}
class ReportQuery extends zodDto(
  z.strictObject({
    outcome: z.enum(REVIEW_OUTCOMES).optional(),
    after: memberId.optional().describe('The last memberId of the previous page.'),
    limit: z.coerce.number().int().min(1).max(1000).default(1000),
  }),
) {}

function summaryOf(r: ReviewRow): ReviewSummary {
  return {
    month: r.month,
    status: r.status,
    asOf: r.as_of,
    requestedBy: r.requested_by,
    startedAt: new Date(r.started_at).toISOString(),
    completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
    membersScanned: r.members_scanned,
    membersWithActiveCoverage: r.members_covered,
    counts: { new: r.new_count, stillEligible: r.still_count, noLongerEligible: r.no_longer_count },
    casesOpened: r.cases_opened,
    error: r.error,
  };
}

@ApiTags('reviews')
@Roles('supervisor', 'admin')
@Controller('reviews/monthly')
export class ReviewsController {
  constructor(
    @Inject(MonthlyReview) private readonly reviews: MonthlyReview,
    @Inject(PlanToday) private readonly today: PlanToday,
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
    const m = query.month ?? monthOf(this.today.date());
    try {
      return summaryOf(await this.reviews.start(m, actorOf(principal)));
    } catch (error) {
      if (error instanceof ReviewAlreadyRunningError) throw new ConflictException(error.message);
      if (error instanceof InvalidReviewMonthError) throw new BadRequestException(error.message);
      throw error;
    }
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
