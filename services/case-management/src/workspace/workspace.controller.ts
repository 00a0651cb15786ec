import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseHistoryRepository } from '../cases/case-history.repository';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  auditedRead,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  seesAllMembers,
  seesCase,
  zodDto,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { ListCaseload } from './use-cases/list-caseload.use-case';
import { LogOutreachAttempt } from './use-cases/log-outreach-attempt.use-case';
import { ViewWorkspaceCase } from './use-cases/view-workspace-case.use-case';
import {
  caseloadPageAnswer,
  caseloadPageView,
  workspaceCaseAnswer,
  workspaceCaseView,
  type WorkspaceCaseView,
  outreachRecordAnswer,
  outreachRecordView,
  timelineAnswer,
  timelineView,
  type CaseloadPageView,
  type OutreachRecordView,
  type TimelineView,
} from './workspace-views';
import {
  OUTREACH_CHANNELS,
  OUTREACH_OUTCOMES,
  WorkspaceRepository,
  type CaseloadCase,
  type CaseOwnership,
} from './workspace.repository';

class CaseIdParams extends zodDto(z.object({ caseId: identifier })) {}

class OutreachAttemptBody extends zodDto(
  z.strictObject({
    channel: z.enum(OUTREACH_CHANNELS),
    outcome: z.enum(OUTREACH_OUTCOMES),
    notes: z.string().max(10000).nullish(),
  }),
) {}

const CASE_NOT_FOUND = { description: "No such case, or not in the case manager's caseload." };

class CaseloadQuery extends zodDto(
  z.strictObject({
    caseManagerId: identifier
      .optional()
      .describe(
        "Whose caseload: a case manager's own when absent; supervisors and admins name one.",
      ),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  }),
) {}

/**
 * The case managers' workspace: a caseload ordered by risk and urgency. A case manager sees their
 * own caseload only; supervisors and admins see anyone's. Every member shown is audited.
 */
@ApiTags('workspace')
@Roles('case-manager', 'supervisor', 'admin')
@Controller('workspace')
export class WorkspaceController {
  constructor(
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ListCaseload) private readonly listCaseload: ListCaseload,
    @Inject(LogOutreachAttempt) private readonly logOutreach: LogOutreachAttempt,
    @Inject(ViewWorkspaceCase) private readonly viewCase: ViewWorkspaceCase,
    @Inject(WorkspaceRepository) private readonly workspace: WorkspaceRepository,
    @Inject(CaseHistoryRepository) private readonly history: CaseHistoryRepository,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get('cases/:caseId')
  @ApiAnswer(
    200,
    'The case as its caseload row shows it, with coverage today, PCP and contact.',
    workspaceCaseAnswer,
  )
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiOperation({
    summary:
      "A case for the case view: the member's name and age, plan and PCP (with phone) of today's coverage, criteria met, risk with its evidence and what is due.",
  })
  async caseView(
    @Param() params: CaseIdParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<WorkspaceCaseView> {
    const theCase = await auditedRead<CaseloadCase>(this.audit, {
      principal,
      action: 'workspace.case',
      resourceType: 'case',
      resourceId: params.caseId,
      origin: auditOrigin(request),
      load: () => this.workspace.caseloadCase(this.dataSource.manager, params.caseId),
      visible: (found) => seesCase(principal, found),
      memberOf: (found) => found.memberId,
      notFound: () => new NotFoundException(`case ${params.caseId} not found`),
    });
    const { asOf, entry } = await this.viewCase.execute(theCase);
    return workspaceCaseView(asOf, entry);
  }

  @Get('cases/:caseId/timeline')
  @ApiAnswer(200, 'The dated steps of the case, oldest first.', timelineAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiOperation({
    summary:
      'A case as a timeline: identification, review, assessment, status updates, outreach, closure.',
  })
  async timeline(
    @Param() params: CaseIdParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<TimelineView> {
    const theCase = await this.visibleCase(params.caseId, principal, request, 'timeline.read');
    const manager = this.dataSource.manager;
    const [steps, attempts] = await Promise.all([
      this.history.of(manager, theCase.caseId),
      this.workspace.outreachAttemptsOf(manager, theCase.caseId),
    ]);
    return timelineView(theCase.caseId, steps, attempts);
  }

  @Get('cases/:caseId/outreach-attempts')
  @ApiAnswer(
    200,
    "The case's outreach attempts and the unable-to-reach rule.",
    outreachRecordAnswer,
  )
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiOperation({ summary: 'The attempts to reach the member of a case, oldest first.' })
  async outreachAttempts(
    @Param() params: CaseIdParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<OutreachRecordView> {
    const theCase = await this.visibleCase(params.caseId, principal, request, 'outreach.read');
    const attempts = await this.workspace.outreachAttemptsOf(
      this.dataSource.manager,
      theCase.caseId,
    );
    return outreachRecordView(this.logOutreach.record(attempts));
  }

  @Post('cases/:caseId/outreach-attempts')
  @HttpCode(201)
  @ApiAnswer(201, "The case's attempts after this one.", outreachRecordAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({ description: 'The case is closed.' })
  @ApiOperation({
    summary:
      'Logs an attempt to reach the member (channel, outcome); answers whether "unable to reach" may now be recorded.',
  })
  async logOutreachAttempt(
    @Param() params: CaseIdParams,
    @Body() body: OutreachAttemptBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<OutreachRecordView> {
    const theCase = await this.visibleCase(params.caseId, principal, request, 'outreach.log');
    const record = await this.logOutreach.execute(
      theCase,
      {
        caseId: theCase.caseId,
        channel: body.channel,
        outcome: body.outcome,
        notes: body.notes ?? null,
        recordedBy: { id: principal.id, name: principal.name },
      },
      { principal, origin: auditOrigin(request) },
    );
    return outreachRecordView(record);
  }

  @Get('caseload')
  @ApiAnswer(200, 'One page of the caseload, highest risk first.', caseloadPageAnswer)
  @ApiBadRequestResponse({ description: 'A supervisor or admin did not name a case manager.' })
  @ApiForbiddenResponse({
    description: "A case manager asked for another case manager's caseload.",
  })
  @ApiOperation({
    summary:
      'Open cases of a caseload, each with plan, PCP, criteria met, the risk score with its evidence and what is due; ordered by risk, then the assessment due soonest.',
  })
  async caseload(
    @Query() query: CaseloadQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseloadPageView> {
    const caseManagerId = await this.caseloadOwner(query.caseManagerId, principal, request);
    // The members shown are audited while the page is completed (not after): the answer still
    // waits for the audit rows, but their insert no longer adds to the page's time.
    const page = await this.listCaseload.execute(
      { caseManagerId, limit: query.limit, offset: query.offset },
      (shown) =>
        this.audit.recordMany(
          shown.map((c) => ({
            actor: principal,
            action: 'workspace.caseload',
            resourceType: 'case',
            resourceId: c.caseId,
            memberId: c.memberId,
            outcome: 'allowed' as const,
            ...auditOrigin(request),
          })),
        ),
    );
    return caseloadPageView(page, query.offset);
  }

  /** The case manager whose caseload the caller may read, or a refusal (audited). */
  private async caseloadOwner(
    named: string | undefined,
    principal: Principal,
    request: AuthenticatedRequest,
  ): Promise<string> {
    if (seesAllMembers(principal)) {
      if (!named)
        throw new BadRequestException('caseManagerId is required for supervisors and admins');
      return named;
    }
    if (named === undefined || named === principal.id) return principal.id;
    await this.audit.record({
      actor: principal,
      action: 'workspace.caseload',
      resourceType: 'caseload',
      resourceId: named,
      memberId: null,
      outcome: 'denied',
      ...auditOrigin(request),
    });
    throw new ForbiddenException('a case manager reads their own caseload only');
  }

  /** The case if the caller's caseload holds it; else 404 (another's case looks absent), audited. */
  private visibleCase(
    caseId: string,
    principal: Principal,
    request: AuthenticatedRequest,
    action: string,
  ): Promise<CaseOwnership> {
    return auditedRead<CaseOwnership>(this.audit, {
      principal,
      action,
      resourceType: 'case',
      resourceId: caseId,
      origin: auditOrigin(request),
      load: () => this.workspace.caseOwnership(this.dataSource.manager, caseId),
      visible: (found) => seesCase(principal, found),
      memberOf: (found) => found.memberId,
      notFound: () => new NotFoundException(`case ${caseId} not found`),
    });
  }
}
