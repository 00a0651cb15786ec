import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { caseManagerContact, email, identifier, label, phone } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  auditedRead,
  auditOrigin,
  CurrentPrincipal,
  OPEN_CASE_STATUSES,
  Roles,
  traceparentOf,
  zodDto,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { actorOf } from '../common/actor';
import type { Case } from './case';
import { CaseManagerRepository, contactOf, type CaseManager } from './case-managers.repository';
import { CaseManagers } from './case-managers.service';
import { CaseRepository } from './cases.repository';
import { caseAnswer, caseView, caseViewsOf, type CaseView } from './case-views';
import { AssignCase } from './use-cases/assign-case.use-case';

const rosterEntry = caseManagerContact.extend({
  capacity: z.number().int().describe('Open cases the case manager can carry.'),
  active: z.boolean().describe('Inactive case managers get no new cases.'),
  openCases: z.number().int(),
});
const rosterAnswer = z.object({ caseManagers: z.array(rosterEntry) });
const unassignedAnswer = z.object({
  cases: z.array(caseAnswer).describe('Open cases without an active case manager, oldest first.'),
  nextOffset: z.int().nullable().describe('Pass as `offset` for the next page; null on the last.'),
});

const capacity = z.coerce.number().int().min(1).max(500);

class NewCaseManagerBody extends zodDto(
  z.object({
    id: identifier.describe('The `sub` of the case manager’s token.'),
    name: label(200),
    phone: phone.nullable().describe('Printed on letters to PCPs; required by the letters.'),
    email: email.nullable(),
    capacity: capacity.default(60),
  }),
) {}
class CaseManagerChangeBody extends zodDto(
  z
    .object({
      name: label(200),
      phone: phone.nullable(),
      email: email.nullable(),
      capacity,
      active: z
        .boolean()
        .describe('false deactivates: no new cases; their open cases go to the queue.'),
    })
    .partial(),
) {}
// `caseManagerId`, not `id`: the path names a person of the roster, not a member's object.
class CaseManagerIdParams extends zodDto(z.object({ caseManagerId: identifier })) {}
class AssignBody extends zodDto(z.object({ caseId: identifier })) {}
class QueueQuery extends zodDto(
  z.object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(100000).default(0),
  }),
) {}

/**
 * The case-manager roster (supervisors and admins add, change and deactivate case managers) and
 * the queue of cases nobody can work, assigned from here. Reading the queue and assigning a case
 * touch member data and are audited.
 */
@ApiTags('case-managers')
@Controller('case-managers')
export class CaseManagersController {
  constructor(
    @Inject(CaseManagers) private readonly caseManagers: CaseManagers,
    @Inject(CaseManagerRepository) private readonly roster: CaseManagerRepository,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(AssignCase) private readonly assignCase: AssignCase,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  @ApiAnswer(200, 'The roster.', rosterAnswer)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'The roster with each case manager’s open caseload and capacity.' })
  async list(): Promise<z.input<typeof rosterAnswer>> {
    return { caseManagers: (await this.caseManagers.roster()).map(rosterView) };
  }

  @Post()
  @ApiAnswer(201, 'Added to the roster (active).', rosterEntry)
  @ApiConflictResponse({ description: 'A case manager with that id exists.' })
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Adds a case manager (production has no other way to add one).' })
  async add(@Body() body: NewCaseManagerBody): Promise<z.input<typeof rosterEntry>> {
    const added = await this.caseManagers.add(this.dataSource.manager, body);
    if (!added) throw new ConflictException(`case manager ${body.id} exists`);
    return { ...contactOf(body), capacity: body.capacity, active: true, openCases: 0 };
  }

  @Patch(':caseManagerId')
  @ApiAnswer(200, 'The case manager as changed.', rosterEntry)
  @ApiNotFoundResponse({ description: 'No such case manager.' })
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Changes or deactivates (`active: false`) a case manager.' })
  async change(
    @Param() params: CaseManagerIdParams,
    @Body() body: CaseManagerChangeBody,
  ): Promise<z.input<typeof rosterEntry>> {
    if (!(await this.caseManagers.update(this.dataSource.manager, params.caseManagerId, body)))
      throw new NotFoundException(`case manager ${params.caseManagerId} not found`);
    const row = (await this.caseManagers.roster()).find((m) => m.id === params.caseManagerId)!;
    return rosterView(row);
  }

  @Get('unassigned-cases')
  @ApiAnswer(200, 'The unassigned queue.', unassignedAnswer)
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Open cases with no active case manager (to assign from), oldest first, paginated.',
  })
  async unassigned(
    @Query() query: QueueQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof unassignedAnswer>> {
    const queue = await this.cases.withoutActiveCaseManager(
      this.dataSource.manager,
      OPEN_CASE_STATUSES,
      query.limit + 1,
      query.offset,
    );
    const more = queue.length > query.limit;
    if (more) queue.pop();
    await this.audit.recordMany(
      queue.map((c) => ({
        actor: principal,
        action: 'case.unassigned-list',
        resourceType: 'case',
        resourceId: c.caseId,
        memberId: c.memberId,
        outcome: 'allowed' as const,
        ...auditOrigin(request),
      })),
    );
    return {
      cases: queue.map((c) => caseView(c, new Map())),
      nextOffset: more ? query.offset + query.limit : null,
    };
  }

  @Post(':caseManagerId/cases')
  @HttpCode(200)
  @ApiAnswer(200, 'The case, now assigned to this case manager.', caseAnswer)
  @ApiNotFoundResponse({ description: 'No such case.' })
  @ApiConflictResponse({ description: 'The case is not open or the case manager is not active.' })
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Assigns (or reassigns) an open case to an active case manager.' })
  async assign(
    @Param() params: CaseManagerIdParams,
    @Body() body: AssignBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    const assigned = await this.assignCase.execute(
      { caseId: body.caseId, caseManagerId: params.caseManagerId, actor: actorOf(principal) },
      (caseId, load) =>
        auditedRead(this.audit, {
          principal,
          action: 'case.assign',
          resourceType: 'case',
          resourceId: caseId,
          origin: auditOrigin(request),
          load,
          memberOf: (found: Case) => found.memberId,
          notFound: () => new NotFoundException(`case ${caseId} not found`),
        }),
      traceparentOf(request),
    );
    const [view] = await caseViewsOf(this.roster, this.dataSource.manager, [assigned]);
    return view!;
  }
}

function rosterView(m: CaseManager): z.input<typeof rosterEntry> {
  return { ...contactOf(m), capacity: m.capacity, active: m.active, openCases: m.openCases };
}
