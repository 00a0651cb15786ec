import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Inject,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  seesAllMembers,
  zodDto,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { ListCaseload } from './use-cases/list-caseload.use-case';
import { caseloadPageAnswer, caseloadPageView, type CaseloadPageView } from './workspace-views';

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
  ) {}

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
    const page = await this.listCaseload.execute({
      caseManagerId,
      limit: query.limit,
      offset: query.offset,
    });
    await this.audit.recordMany(
      page.entries.map((e) => ({
        actor: principal,
        action: 'workspace.caseload',
        resourceType: 'case',
        resourceId: e.case.caseId,
        memberId: e.case.memberId,
        outcome: 'allowed' as const,
        ...auditOrigin(request),
      })),
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
}
