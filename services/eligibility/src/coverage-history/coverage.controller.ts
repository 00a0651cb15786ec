import { Controller, Get, Inject, NotFoundException, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  fundingType,
  groupRef,
  isoDate,
  KNOWN_GROUP_IDS,
  lineOfBusiness,
  memberId,
  pharmacyBenefitAdministrator,
  PlanCalendar,
  primaryCareProvider,
  type Clock,
  type CoverageSpan,
} from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  auditedRead,
  CLOCK,
  CurrentPrincipal,
  Roles,
  auditOrigin,
  hasRole,
  seesAllMembers,
  zodDto,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { CoverageRepository } from './coverage.repository';
import { groupArrangementOf, spanOn } from './spans';

export class CoverageParams extends zodDto(z.object({ memberId })) {}
export class CoverageQuery extends zodDto(
  z.object({
    asOf: isoDate
      .optional()
      .describe('YYYY-MM-DD; defaults to today in the plan time zone (PLAN_TIME_ZONE).'),
  }),
) {}

/** Da Vinci CRD's coverage-information reason codes for "no coverage to speak of". */
export type NoCoverageReason = 'no-member-found' | 'no-active-coverage';

/** What GET /members/{memberId}/coverage answers. */
const coverageAnswer = z.object({
  memberId,
  asOf: isoDate,
  coverage: z.object({
    lineOfBusiness,
    fundingType,
    group: groupRef.nullable(),
    groupArrangement: z
      .enum(KNOWN_GROUP_IDS)
      .nullable()
      .describe('The known group whose own arrangement applies, if the group is one.'),
    effectiveDate: isoDate,
    terminationDate: isoDate.nullable(),
    pharmacyBenefitAdministrator: pharmacyBenefitAdministrator.nullable(),
    pcp: primaryCareProvider.nullable(),
    state: z.string().nullable(),
  }),
  member: z
    .object({ firstName: z.string(), lastName: z.string(), birthDate: isoDate })
    .nullable()
    .describe('Names and birth date: supervisors and admins only (minimum necessary).'),
  version: z
    .number()
    .int()
    .nullable()
    .describe("The version of the member's coverage history this answer comes from."),
});
export type CoverageAnswer = z.input<typeof coverageAnswer>;

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
    @Inject(CoverageRepository) private readonly repository: CoverageRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(PlanCalendar) private readonly calendar: PlanCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':memberId/coverage')
  @Roles('case-manager', 'supervisor', 'admin', 'integrator')
  @ApiOperation({
    summary: "The member's coverage in force on a date",
    description:
      'Case managers see only members of their caseload (others answer 404 no-member-found); ' +
      'supervisors, admins and integrators see every member. Every read is audited.',
  })
  @ApiAnswer(200, 'The coverage in force on asOf.', coverageAnswer)
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
    const asOf = query.asOf ?? this.calendar.dateOf(this.clock.now());
    const restricted = !seesAllMembers(principal) && !hasRole(principal, 'integrator');
    // One query answers the member and the caseload rule (the hottest read of the service).
    const { member: held, inCaseload } = await this.repository.lookup(
      id,
      restricted ? principal.id : null,
    );
    const mayRead = !restricted || inCaseload;
    let absence: NoCoverageReason = 'no-member-found';
    const { member, span } = await auditedRead(this.audit, {
      principal,
      action: 'coverage.read',
      resourceType: 'coverage',
      resourceId: `${id}@${asOf}`,
      memberId: id,
      origin: auditOrigin(request),
      mayRead: () => Promise.resolve(mayRead),
      load: () => {
        if (!held) return Promise.resolve(null);
        const inForce = spanOn(held.spans, asOf);
        if (!inForce) absence = 'no-active-coverage';
        return Promise.resolve(inForce ? { member: held, span: inForce } : null);
      },
      // A case manager outside the caseload is answered like an unknown member, so a case
      // manager cannot learn who is enrolled.
      notFound: () =>
        absence === 'no-active-coverage'
          ? notFound(absence, `the member has no coverage in force on ${asOf}`)
          : notFound(
              absence,
              mayRead
                ? 'eligibility holds no coverage for this member'
                : 'no member with this id is in your caseload',
            ),
    });
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
