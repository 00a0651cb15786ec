import {
  Body,
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
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CASE_STATUSES, identifier, memberId } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  auditedRead,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  zodDto,
  memberScopeOf,
  seesCase,
  traceparentOf,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { actorOf } from '../common/actor';
import { ClinicalProfileRepository } from '../identification/clinical-profile.repository';
import type { Case } from './case';
import type { CaseAccess } from './case-changes';
import { CaseHistoryRepository } from './case-history.repository';
import { CaseManagerRepository } from './case-managers.repository';
import { CaseRepository } from './cases.repository';
import {
  caseAnswer,
  caseDetailAnswer,
  caseHistoryEntryOf,
  casePageAnswer,
  caseViewsOf,
  statusUpdateAnswer,
  type CaseDetailView,
  type CaseView,
  type StatusUpdateView,
} from './case-views';
import { CloseCase } from './use-cases/close-case.use-case';
import { RecordAssessment } from './use-cases/record-assessment.use-case';
import { RecordStatusUpdate } from './use-cases/record-status-update.use-case';
import { ReviewCase } from './use-cases/review-case.use-case';

class ListCasesQuery extends zodDto(
  z.strictObject({
    memberId: memberId.optional(),
    status: z.enum(CASE_STATUSES).optional(),
    assessmentOverdue: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: identifier.optional().describe('The last caseId of the previous page.'),
  }),
) {}

class CaseIdParams extends zodDto(z.object({ caseId: identifier })) {}

class AssessmentBody extends zodDto(
  z.strictObject({
    outcome: z.enum(['enrolled', 'declined', 'unable-to-reach']),
    notes: z.string().max(10000).nullish(),
  }),
) {}

class ReviewBody extends zodDto(
  z.preprocess((v) => v ?? {}, z.strictObject({ notes: z.string().max(10000).nullish() })),
) {}

class CloseBody extends zodDto(
  z.preprocess((v) => v ?? {}, z.strictObject({ reason: z.string().max(2000).nullish() })),
) {}

class StatusUpdateBody extends zodDto(
  z.strictObject({
    summary: z.string().min(1).max(10000),
    conditionChanged: z.boolean(),
  }),
) {}

const CASE_NOT_FOUND = { description: "No such case, or not in the case manager's caseload." };

/**
 * Cases over HTTP. A case manager sees and works only their own caseload (another's case answers
 * 404, as if it did not exist); supervisors and admins see all; integrators see no member data.
 * Every read and change of a case is written to the audit log.
 */
@ApiTags('cases')
@Roles('case-manager', 'supervisor', 'admin')
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseHistoryRepository) private readonly history: CaseHistoryRepository,
    @Inject(CaseManagerRepository) private readonly caseManagers: CaseManagerRepository,
    @Inject(ClinicalProfileRepository) private readonly profiles: ClinicalProfileRepository,
    @Inject(ReviewCase) private readonly reviewCase: ReviewCase,
    @Inject(RecordAssessment) private readonly recordAssessment: RecordAssessment,
    @Inject(CloseCase) private readonly closeCase: CloseCase,
    @Inject(RecordStatusUpdate) private readonly recordStatusUpdate: RecordStatusUpdate,
  ) {}

  @Get()
  @ApiAnswer(200, 'A page of cases, by case id.', casePageAnswer)
  @ApiOperation({
    summary:
      'Cases, filtered by member, status or overdue assessment (own caseload for a case manager).',
  })
  async list(
    @Query() query: ListCasesQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof casePageAnswer>> {
    const scope = memberScopeOf(principal);
    // Case records: a case manager lists the cases assigned to them (seesCase), closed ones too.
    if (scope.kind === 'none') return { cases: [], next: null };
    const page = await this.cases.page(this.dataSource.manager, {
      ...(scope.kind === 'caseload' ? { caseManagerId: scope.caseManagerId } : {}),
      ...(query.memberId ? { memberId: query.memberId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.assessmentOverdue ? { assessmentOverdue: query.assessmentOverdue === 'true' } : {}),
      ...(query.after ? { after: query.after } : {}),
      limit: query.limit,
    });
    const views = await caseViewsOf(this.caseManagers, this.dataSource.manager, page);
    await this.audit.recordMany(
      page.map((c) => ({
        actor: principal,
        action: 'case.list',
        resourceType: 'case',
        resourceId: c.caseId,
        memberId: c.memberId,
        outcome: 'allowed' as const,
        ...auditOrigin(request),
      })),
    );
    return {
      cases: views,
      next: page.length === query.limit ? (page.at(-1)?.caseId ?? null) : null,
    };
  }

  @Get(':caseId')
  @ApiAnswer(200, 'The case, its history and the latest evaluation.', caseDetailAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiOperation({
    summary: 'One case with its history (who did what, when) and the latest evaluation evidence.',
  })
  async get(
    @Param() params: CaseIdParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseDetailView> {
    const manager = this.dataSource.manager;
    const found = await this.access(
      principal,
      request,
      'case.read',
    )(params.caseId, () => this.cases.byId(manager, params.caseId));
    const [view] = await caseViewsOf(this.caseManagers, manager, [found]);
    const history = await this.history.of(manager, found.caseId);
    const latest = await this.profiles.latestEvaluation(manager, found.memberId);
    return {
      ...view!,
      history: history.map(caseHistoryEntryOf),
      latestEvaluation: latest?.evaluation ?? null,
    };
  }

  @Post(':caseId/review')
  @ApiAnswer(200, 'The case after the change.', caseAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({
    description:
      'The case is not identified (only an identified case goes to review), or it changed meanwhile.',
  })
  @HttpCode(200)
  @ApiOperation({
    summary: 'The case manager reviewed the identification: the phone assessment is pending.',
  })
  async review(
    @Param() params: CaseIdParams,
    @Body() body: ReviewBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    return this.answer(
      await this.reviewCase.execute(
        { caseId: params.caseId, actor: actorOf(principal), notes: body.notes },
        this.access(principal, request, 'case.review'),
        traceparentOf(request),
      ),
    );
  }

  @Post(':caseId/assessment')
  @ApiAnswer(200, 'The case after the change.', caseAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({
    description:
      'The case is not waiting for its assessment (`assessment-already-recorded`), it changed meanwhile (`case-changed`), or "unable to reach" came before the outreach attempts the program requires (`too-few-outreach-attempts`; the message names the rule and the counts).',
  })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Records the phone assessment: enrolled, declined (voluntary) or unable-to-reach.',
    description:
      '`unable-to-reach` needs at least OUTREACH_ATTEMPTS_BEFORE_UNABLE_TO_REACH (default 3) logged outreach attempts that did not reach the member (`POST /workspace/cases/{caseId}/outreach-attempts`).',
  })
  async assessment(
    @Param() params: CaseIdParams,
    @Body() body: AssessmentBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    return this.answer(
      await this.recordAssessment.execute(
        { caseId: params.caseId, actor: actorOf(principal), ...body },
        this.access(principal, request, 'case.assessment'),
        traceparentOf(request),
      ),
    );
  }

  @Post(':caseId/close')
  @ApiAnswer(200, 'The case after the change.', caseAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({ description: 'The case is already closed, or it changed meanwhile.' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Closes the case.',
    description:
      'The case (and its ccm.cases.v1 event) carries the closure reason `closed-by-case-manager`; its history step carries that and the given `reason` text.',
  })
  async close(
    @Param() params: CaseIdParams,
    @Body() body: CloseBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    return this.answer(
      await this.closeCase.execute(
        { caseId: params.caseId, actor: actorOf(principal), reason: body.reason },
        this.access(principal, request, 'case.close'),
        traceparentOf(request),
      ),
    );
  }

  @Post(':caseId/status-updates')
  @ApiAnswer(201, 'The status update recorded.', statusUpdateAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({
    description: 'The case is not enrolled, or has no case manager on the roster.',
  })
  @HttpCode(201)
  @ApiOperation({
    summary:
      'A clinical status update on an enrolled case, for the PCP (a call when the condition changed).',
  })
  async statusUpdate(
    @Param() params: CaseIdParams,
    @Body() body: StatusUpdateBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<StatusUpdateView> {
    const recorded = await this.recordStatusUpdate.execute(
      { caseId: params.caseId, actor: actorOf(principal), ...body },
      this.access(principal, request, 'case.status-update'),
      traceparentOf(request),
    );
    return { ...recorded, recordedAt: recorded.recordedAt.toISOString() };
  }

  /**
   * A case the caller may see (their own case for a case manager), the read audited; another's
   * case answers 404 as if it did not exist.
   */
  private access(principal: Principal, request: AuthenticatedRequest, action: string): CaseAccess {
    return (caseId, load) =>
      auditedRead(this.audit, {
        principal,
        action,
        resourceType: 'case',
        resourceId: caseId,
        origin: auditOrigin(request),
        load,
        visible: (found: Case, reader) => seesCase(reader, found),
        memberOf: (found: Case) => found.memberId,
        notFound: () => new NotFoundException(`case ${caseId} not found`),
      });
  }

  private async answer(changed: Case): Promise<CaseView> {
    const [view] = await caseViewsOf(this.caseManagers, this.dataSource.manager, [changed]);
    return view!;
  }
}
