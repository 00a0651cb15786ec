import {
  BadRequestException,
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
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { z } from 'zod';
import { PlanCalendar, type Clock } from '@careflow/contracts';
import { routingPolicySchema, safeParseRoutingPolicy } from '@careflow/michigan-policy';
import {
  ApiAnswer,
  auditOrigin,
  CLOCK,
  CurrentPrincipal,
  openApiSchemaOf,
  ROLES,
  Roles,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { PolicyStore } from '../policies/policy-store';
import { PolicyVersionRepository } from '../policies/policy-version.repository';
import { ActivatePolicyVersionUseCase } from '../policies/use-cases/activate-policy-version.use-case';
import { AddPolicyVersionUseCase } from '../policies/use-cases/add-policy-version.use-case';
import {
  addedPolicy,
  policyInForce,
  policyVersion,
  policyVersions,
  policyVersionView,
  type PolicyVersionView,
} from './answers';
import { ActivationBody, ActiveQuery, VersionParam } from './dto';

@ApiTags('Policies')
@Controller('policies')
export class PoliciesController {
  constructor(
    @Inject(PolicyVersionRepository) private readonly versions: PolicyVersionRepository,
    @Inject(PolicyStore) private readonly policies: PolicyStore,
    @Inject(AddPolicyVersionUseCase) private readonly addPolicyVersion: AddPolicyVersionUseCase,
    @Inject(ActivatePolicyVersionUseCase)
    private readonly activatePolicyVersion: ActivatePolicyVersionUseCase,
    @Inject(PlanCalendar) private readonly calendar: PlanCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('active')
  // The policy is no member data: every Careflow role may read it.
  @Roles(...ROLES)
  @ApiAnswer(200, 'The version in force, with its document.', policyInForce)
  @ApiNotFoundResponse({ description: 'No policy version is in force on that day.' })
  @ApiOperation({
    summary:
      'The policy version that decides a request for a date of service (default today) made on a day (default today): its rules, vendors, channels, resources and the quoted sources.',
  })
  async active(@Query() query: ActiveQuery): Promise<z.input<typeof policyInForce>> {
    const today = this.calendar.dateOf(this.clock.now());
    const on = query.on ?? today;
    const decidedOn = query.decidedOn ?? today;
    // The very choice routing makes (the store's active versions), then the stored row.
    const version = this.policies.versionFor({ dateOfService: on, decidedOn });
    const found = version === null ? null : await this.versions.get(version);
    if (!found) {
      throw new NotFoundException({
        message: `No policy version is in force on ${on} for a decision made on ${decidedOn}.`,
      });
    }
    return { on, decidedOn, ...policyVersionView(found.row), policy: found.policy };
  }

  @Get()
  @Roles('admin', 'supervisor', 'integrator')
  @ApiOperation({ summary: 'Every stored policy version with its status and activation.' })
  @ApiAnswer(200, 'Every version.', policyVersions)
  async list(): Promise<z.input<typeof policyVersions>> {
    return { versions: (await this.versions.list()).map(policyVersionView) };
  }

  @Post()
  @ApiBody({
    description:
      'A routing policy document (libs/michigan-policy; the bundled ones are mi-um-2025.1 and its revision mi-um-2025.2). A revision names a stored version in `supersedes`, with `adoptedOn` and a `changeLog`.',
    schema: openApiSchemaOf(routingPolicySchema),
  })
  @ApiAnswer(201, 'The candidate version added.', addedPolicy)
  @ApiBadRequestResponse({
    description:
      "The document is not a valid routing policy (`issues` holds the parser's errors), or it supersedes a version that is not stored.",
  })
  @ApiConflictResponse({ description: 'That version already exists.' })
  @Roles('admin')
  @ApiOperation({
    summary:
      "Adds a candidate policy version (a routing policy document); 400 with the parser's validation errors.",
  })
  async add(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: AuthenticatedRequest,
  ): Promise<z.input<typeof addedPolicy>> {
    const parsed = safeParseRoutingPolicy(body);
    if (!parsed.success) {
      throw new BadRequestException({
        message: 'invalid routing policy document',
        issues: parsed.issues.slice(0, 50),
      });
    }
    const policy = await this.addPolicyVersion.execute(
      { policy: parsed.policy },
      { principal, origin: auditOrigin(req) },
    );
    return {
      version: policy.version,
      status: 'candidate',
      effectiveFrom: policy.effectiveFrom,
      effectiveTo: policy.effectiveTo,
      rules: policy.rules.length,
    };
  }

  @Post(':version/activate')
  @ApiAnswer(200, 'The version after activation.', policyVersion)
  @ApiNotFoundResponse({ description: 'No such policy version.' })
  @ApiConflictResponse({ description: 'Another version is already active from that day.' })
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Puts a version in force from a day (default its own effectiveFrom); requests received from that day use it.',
  })
  async activate(
    @Param() params: VersionParam,
    @Body() body: ActivationBody,
    @CurrentPrincipal() principal: Principal,
    @Req() req: AuthenticatedRequest,
  ): Promise<PolicyVersionView> {
    const row = await this.activatePolicyVersion.execute(
      {
        version: params.version,
        effectiveFrom: (body as ActivationBody | undefined)?.effectiveFrom,
      },
      { principal, origin: auditOrigin(req) },
    );
    return policyVersionView(row);
  }
}
