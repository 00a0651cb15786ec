import {
  BadRequestException,
  Body,
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
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { z } from 'zod';
import {
  michiganDateOf,
  routingPolicySchema,
  safeParseRoutingPolicy,
} from '@careflow/michigan-policy';
import {
  ApiAnswer,
  AuditLog,
  auditOrigin,
  CurrentPrincipal,
  openApiSchemaOf,
  ROLES,
  Roles,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { PolicyStore } from '../policies/policy-store';
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
    @Inject(PolicyStore) private readonly store: PolicyStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get('active')
  // The policy is no member data: every Careflow role may read it.
  @Roles(...ROLES)
  @ApiAnswer(200, 'The version in force, with its document.', policyInForce)
  @ApiNotFoundResponse({ description: 'No policy version is in force on that day.' })
  @ApiOperation({
    summary:
      'The policy version in force on a day (default today): its rules, vendors, channels, resources and the quoted sources.',
  })
  async active(@Query() query: ActiveQuery): Promise<z.input<typeof policyInForce>> {
    const on = query.on ?? michiganDateOf(new Date());
    const found = await this.store.inForceOn(on);
    if (!found) throw new NotFoundException({ message: `No policy version is in force on ${on}.` });
    return { on, ...policyVersionView(found.row), policy: found.policy };
  }

  @Get()
  @Roles('admin', 'supervisor', 'integrator')
  @ApiOperation({ summary: 'Every stored policy version with its status and activation.' })
  @ApiAnswer(200, 'Every version.', policyVersions)
  async list(): Promise<z.input<typeof policyVersions>> {
    return { versions: (await this.store.list()).map(policyVersionView) };
  }

  @Post()
  @ApiBody({
    description:
      'A routing policy document (libs/michigan-policy; the bundled one is MI-UM-2025.1).',
    schema: openApiSchemaOf(routingPolicySchema),
  })
  @ApiAnswer(201, 'The candidate version added.', addedPolicy)
  @ApiBadRequestResponse({
    description: "The document is not a valid routing policy: `issues` holds the parser's errors.",
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
    const added = await this.store.addCandidate(parsed.policy, principal.id);
    await this.recordChange(principal, req, 'policy.add', parsed.policy.version, added);
    if (!added) {
      throw new ConflictException({
        message: `Policy version ${parsed.policy.version} already exists.`,
      });
    }
    return {
      version: parsed.policy.version,
      status: 'candidate',
      effectiveFrom: parsed.policy.effectiveFrom,
      effectiveTo: parsed.policy.effectiveTo,
      rules: parsed.policy.rules.length,
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
    const { version } = params;
    const found = await this.store.get(version);
    if (!found) throw new NotFoundException({ message: `No policy version ${version}.` });
    const { policy } = found;
    const from = (body as ActivationBody | undefined)?.effectiveFrom ?? policy.effectiveFrom;
    if (from < policy.effectiveFrom || (policy.effectiveTo !== null && from > policy.effectiveTo)) {
      throw new BadRequestException({
        message: `effectiveFrom ${from} is outside the version's own effective period (${policy.effectiveFrom} to ${policy.effectiveTo ?? 'open-ended'}).`,
        issues: [{ path: 'effectiveFrom', message: 'outside the policy document period' }],
      });
    }
    const result = await this.store.activate(version, from, principal.id);
    await this.recordChange(principal, req, 'policy.activate', `${version}@${from}`, result.ok);
    if (!result.ok) {
      throw new ConflictException({
        message: `Version ${result.clashWith} is already active from ${from}: the version in force would be ambiguous.`,
      });
    }
    return policyVersionView(result.row);
  }

  /**
   * Who changed the routing policy, which version (activation: `version@first day`), when (the
   * entry's time), and whether it took effect: a clash leaves a `denied` entry.
   */
  private async recordChange(
    principal: Principal,
    req: AuthenticatedRequest,
    action: 'policy.add' | 'policy.activate',
    resourceId: string,
    applied: boolean,
  ): Promise<void> {
    await this.audit.record({
      actor: principal,
      action,
      resourceType: 'routing-policy',
      resourceId,
      outcome: applied ? 'allowed' : 'denied',
      ...auditOrigin(req),
    });
  }
}
