import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { isoDate, memberId, npi } from '@careflow/contracts';
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
import { ADHERENCE_PROGRAM, AdherenceProgram } from './adherence.service';

class PcpQuery extends zodDto(z.strictObject({ pcpNpi: npi })) {}

const eligibleMembersAnswer = z.object({
  program: z.literal(ADHERENCE_PROGRAM),
  pcpNpi: npi,
  members: z.array(
    z.object({
      memberId,
      reasons: z.array(z.string()).describe('Why the member is eligible.'),
      medicationClasses: z.array(z.string()).describe('Select medication classes filled.'),
      lastQualifyingFill: isoDate.nullable(),
    }),
  ),
});

/** The list of members eligible for the Sempre Health program, per attributed PCP. */
@ApiTags('care-programs')
@Controller('care-programs/drug-adherence-discount')
export class AdherenceController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AdherenceProgram) private readonly adherence: AdherenceProgram,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get('members')
  @ApiAnswer(200, "The PCP's eligible members.", eligibleMembersAnswer)
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Members eligible for the drug adherence discount whose PCP (from coverage) is pcpNpi.',
  })
  async members(
    @Query() query: PcpQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof eligibleMembersAnswer>> {
    const { pcpNpi } = query;
    const members = await this.adherence.eligibleMembersOfPcp(this.dataSource.manager, pcpNpi);
    await this.audit.recordMany(
      members.map((m) => ({
        actor: principal,
        action: 'care-program.list',
        resourceType: 'care-program',
        resourceId: ADHERENCE_PROGRAM,
        memberId: m.memberId,
        outcome: 'allowed' as const,
        ...auditOrigin(request),
      })),
    );
    return { program: ADHERENCE_PROGRAM, pcpNpi, members };
  }
}
