import { Controller, Get, Inject, NotFoundException, Param, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { memberId } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  zodDto,
  seesMember,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { CASES_TABLE } from '../common/actor';
import { ClinicalProfileRepository } from './clinical-profile.repository';
import { memberEvaluationAnswer, type MemberEvaluationView } from './evaluation-answer';

class MemberParams extends zodDto(z.object({ memberId })) {}

/** A member's latest evaluation (criteria met, evidence, coverage) as this service holds it. */
@ApiTags('members')
@Roles('case-manager', 'supervisor', 'admin')
@Controller('members')
export class MembersController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ClinicalProfileRepository) private readonly profiles: ClinicalProfileRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get(':memberId/evaluation')
  @ApiAnswer(
    200,
    'The latest evaluation, its evidence and whether it was published.',
    memberEvaluationAnswer,
  )
  @ApiNotFoundResponse({ description: 'The member has not been evaluated.' })
  @ApiOperation({
    summary: 'The latest evaluation of a member (a case manager: members of their caseload only).',
  })
  async evaluation(
    @Param() params: MemberParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<MemberEvaluationView> {
    const member = params.memberId;
    const visible = await seesMember(this.dataSource.manager, CASES_TABLE, principal, member);
    const found = visible
      ? await this.profiles.latestEvaluation(this.dataSource.manager, member)
      : null;
    await this.audit.record({
      actor: principal,
      action: 'evaluation.read',
      resourceType: 'member-evaluation',
      resourceId: member,
      memberId: member,
      outcome: !visible ? 'denied' : found ? 'allowed' : 'not-found',
      ...auditOrigin(request),
    });
    if (!found) throw new NotFoundException("no evaluation for this member in the caller's view");
    return {
      memberId: member,
      eventsApplied: found.eventsApplied,
      evaluatedAt: found.evaluatedAt ? new Date(found.evaluatedAt).toISOString() : null,
      evaluation: found.evaluation,
    };
  }
}
