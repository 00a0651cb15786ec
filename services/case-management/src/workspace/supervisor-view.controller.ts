import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { isoDate, timestamp } from '@careflow/contracts';
import { ApiAnswer, Roles, zodDto } from '@careflow/platform';
import {
  ViewSupervisorOverview,
  type SupervisorOverview,
} from './use-cases/view-supervisor-overview.use-case';

class OverviewQuery extends zodDto(
  z.strictObject({ weeks: z.coerce.number().int().min(1).max(52).default(12) }),
) {}

const overviewAnswer = z.object({
  asOf: isoDate,
  since: timestamp.describe('Identifications are counted from this instant (weeks back).'),
  caseloads: z.array(
    z.object({
      caseManagerId: z.string(),
      name: z.string(),
      capacity: z.int(),
      active: z.boolean(),
      openCases: z.int(),
      overdueAssessments: z.int(),
    }),
  ),
  unassignedOpenCases: z.int(),
  identificationsPerWeek: z.array(z.object({ weekStart: isoDate, opened: z.int() })),
  identificationsPerCriterion: z.array(z.object({ criterion: z.string(), opened: z.int() })),
});

/**
 * The supervisor view of the workspace: counts only, no member appears (nothing to audit as a
 * disclosure). The monthly review's report is `GET /reviews/monthly/{month}`.
 */
@ApiTags('workspace')
@Roles('supervisor', 'admin')
@Controller('workspace/supervisor')
export class SupervisorViewController {
  constructor(@Inject(ViewSupervisorOverview) private readonly view: ViewSupervisorOverview) {}

  @Get()
  @ApiAnswer(200, 'Caseloads, overdue work and identifications.', overviewAnswer)
  @ApiOperation({
    summary:
      'Caseload and overdue assessments per case manager, the unassigned queue, cases opened per week and per criterion.',
  })
  async overview(@Query() query: OverviewQuery): Promise<z.input<typeof overviewAnswer>> {
    const o: SupervisorOverview = await this.view.execute({ weeks: query.weeks });
    return { ...o, since: o.since.toISOString() };
  }
}
