import { Controller, Get, Inject, NotFoundException, Param, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  isoDate,
  memberId,
  type CoverageSpan,
  type FundingType,
  type GroupRef,
  type KnownGroupId,
  type LineOfBusiness,
  type PharmacyBenefitAdministrator,
  type PrimaryCareProvider,
} from '@careflow/contracts';
import {
  AuditLog,
  CurrentPrincipal,
  Roles,
  auditOrigin,
  hasRole,
  seesAllMembers,
  zodDto,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { ELIGIBILITY_CONFIG } from '../eligibility.tokens';
import type { EligibilityConfig } from '../config';
import { CoverageReads } from './coverage.reads';
import { groupArrangementOf, spanOn, todayIn } from './spans';

export class CoverageParams extends zodDto(z.object({ memberId })) {}
export class CoverageQuery extends zodDto(z.object({ asOf: isoDate.optional() })) {}

/** Da Vinci CRD's coverage-information reason codes for "no coverage to speak of". */
export type NoCoverageReason = 'no-member-found' | 'no-active-coverage';

export interface CoverageAnswer {
  readonly memberId: string;
  readonly asOf: string;
  readonly coverage: {
    readonly lineOfBusiness: LineOfBusiness;
    readonly fundingType: FundingType;
    readonly group: GroupRef | null;
    readonly groupArrangement: KnownGroupId | null;
    readonly effectiveDate: string;
    readonly terminationDate: string | null;
    readonly pharmacyBenefitAdministrator: PharmacyBenefitAdministrator | null;
    readonly pcp: PrimaryCareProvider | null;
    readonly state: string | null;
  };
  /** Names and birth date: only for supervisors and admins (minimum necessary); null otherwise. */
  readonly member: { firstName: string; lastName: string; birthDate: string } | null;
  /** The version of the member's coverage history this answer comes from. */
  readonly version: number | null;
}

const coverageSchema = {
  type: 'object',
  properties: {
    memberId: { type: 'string' },
    asOf: { type: 'string', format: 'date' },
    coverage: {
      type: 'object',
      properties: {
        lineOfBusiness: { type: 'string' },
        fundingType: { type: 'string' },
        group: { type: 'object', nullable: true, properties: { id: {}, name: {} } },
        groupArrangement: { type: 'string', nullable: true },
        effectiveDate: { type: 'string', format: 'date' },
        terminationDate: { type: 'string', format: 'date', nullable: true },
        pharmacyBenefitAdministrator: { type: 'string', nullable: true },
        pcp: { type: 'object', nullable: true },
        state: { type: 'string', nullable: true },
      },
    },
    member: {
      type: 'object',
      nullable: true,
      description: 'firstName, lastName, birthDate: supervisors and admins only',
    },
    version: { type: 'integer', nullable: true },
  },
};

const notFoundSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer', example: 404 },
    reason: { type: 'string', enum: ['no-member-found', 'no-active-coverage'] },
    message: { type: 'string' },
  },
};

@ApiTags('coverage')
@ApiBearerAuth()
@Controller('members')
export class CoverageController {
  constructor(
    @Inject(CoverageReads) private readonly reads: CoverageReads,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ELIGIBILITY_CONFIG) private readonly config: EligibilityConfig,
  ) {}

  @Get(':memberId/coverage')
  @Roles('case-manager', 'supervisor', 'admin', 'integrator')
  @ApiOperation({
    summary: "The member's coverage in force on a date",
    description:
      'Case managers see only members of their caseload (others answer 404 no-member-found); ' +
      'supervisors, admins and integrators see every member. Every read is audited.',
  })
  @ApiParam({ name: 'memberId', type: String })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'YYYY-MM-DD; defaults to today in COVERAGE_TIME_ZONE',
    example: '2025-07-01',
  })
  @ApiResponse({
    status: 200,
    description: 'The coverage in force on asOf',
    schema: coverageSchema,
  })
  @ApiResponse({ status: 400, description: 'memberId or asOf is not valid (the field is named)' })
  @ApiResponse({ status: 401, description: 'No or invalid bearer token' })
  @ApiResponse({ status: 403, description: 'The token has none of the roles that read coverage' })
  @ApiResponse({
    status: 404,
    description:
      'no-member-found (unknown, or not in the case manager’s caseload) or no-active-coverage',
    schema: notFoundSchema,
  })
  async coverage(
    @Param() params: CoverageParams,
    @Query() query: CoverageQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CoverageAnswer> {
    const id = params.memberId;
    const asOf = query.asOf ?? todayIn(this.config.COVERAGE_TIME_ZONE);
    const restricted = !seesAllMembers(principal) && !hasRole(principal, 'integrator');
    const { member, inCaseload } = await this.reads.lookup(id, restricted ? principal.id : null);
    const audit = (outcome: 'allowed' | 'denied' | 'not-found'): Promise<void> =>
      this.audit.record({
        actor: principal,
        action: 'coverage.read',
        resourceType: 'coverage',
        resourceId: `${id}@${asOf}`,
        memberId: id,
        outcome,
        ...auditOrigin(request),
      });

    if (restricted && !inCaseload) {
      // Answered like an unknown member, so a case manager cannot learn who is enrolled.
      await audit('denied');
      throw notFound('no-member-found', 'no member with this id is in your caseload');
    }
    if (!member) {
      await audit('not-found');
      throw notFound('no-member-found', 'eligibility holds no coverage for this member');
    }
    const span = spanOn(member.spans, asOf);
    if (!span) {
      await audit('not-found');
      throw notFound('no-active-coverage', `the member has no coverage in force on ${asOf}`);
    }
    await audit('allowed');
    return {
      memberId: id,
      asOf,
      coverage: coverageOf(span),
      member: seesAllMembers(principal)
        ? { firstName: member.firstName, lastName: member.lastName, birthDate: member.birthDate }
        : null,
      version: member.version,
    };
  }
}

function coverageOf(span: CoverageSpan): CoverageAnswer['coverage'] {
  return {
    lineOfBusiness: span.lineOfBusiness,
    fundingType: span.fundingType,
    group: span.group,
    groupArrangement: groupArrangementOf(span.group),
    effectiveDate: span.effectiveDate,
    terminationDate: span.terminationDate,
    pharmacyBenefitAdministrator: span.pharmacyBenefitAdministrator,
    pcp: span.pcp,
    state: span.state,
  };
}

function notFound(reason: NoCoverageReason, message: string): NotFoundException {
  return new NotFoundException({ reason, message });
}
