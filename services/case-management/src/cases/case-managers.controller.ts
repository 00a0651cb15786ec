import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { caseManagerContact } from '@careflow/contracts';
import { ApiAnswer, Roles } from '@careflow/platform';
import { CaseManagers } from './case-managers.service';

const rosterAnswer = z.object({
  caseManagers: z.array(
    caseManagerContact.extend({
      capacity: z.number().int().describe('Open cases the case manager can carry.'),
      active: z.boolean().describe('Inactive case managers get no new cases.'),
      openCases: z.number().int(),
    }),
  ),
});

@ApiTags('case-managers')
@Controller('case-managers')
export class CaseManagersController {
  constructor(@Inject(CaseManagers) private readonly caseManagers: CaseManagers) {}

  @Get()
  @ApiAnswer(200, 'The roster.', rosterAnswer)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'The roster with each case manager’s open caseload and capacity.' })
  async list(): Promise<z.input<typeof rosterAnswer>> {
    const roster = await this.caseManagers.roster();
    return {
      caseManagers: roster.map((m) => ({
        id: m.id,
        name: m.name,
        phone: m.phone,
        email: m.email,
        capacity: m.capacity,
        active: m.active,
        openCases: m.open_cases,
      })),
    };
  }
}
