import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '@careflow/platform';
import { CasesService } from './cases.service';

/** The overdue-assessment check on demand (it also runs on ASSESSMENT_OVERDUE_CRON). */
@ApiTags('cases')
@Controller('assessments')
export class AssessmentsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  @Post('overdue-check')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Flags cases whose assessment is past due now; answers how many were flagged.',
  })
  async check(): Promise<{ flagged: number }> {
    const rows = await this.dataSource.transaction((manager) =>
      this.cases.markOverdueAssessments(manager),
    );
    return { flagged: rows.length };
  }
}
