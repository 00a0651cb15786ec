import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@careflow/platform';
import { CaseManagers } from './case-managers.service';

@ApiTags('case-managers')
@Controller('case-managers')
export class CaseManagersController {
  constructor(@Inject(CaseManagers) private readonly caseManagers: CaseManagers) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'The roster with each case manager’s open caseload and capacity.' })
  async list(): Promise<{
    caseManagers: {
      id: string;
      name: string;
      phone: string | null;
      email: string | null;
      capacity: number;
      active: boolean;
      openCases: number;
    }[];
  }> {
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
