import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiAnswer, Roles } from '@careflow/platform';
import { CasesService } from './cases.service';

const overdueCheckAnswer = z.object({ flagged: z.number().int() });

/** The overdue-assessment check on demand (it also runs on ASSESSMENT_OVERDUE_CRON). */
@ApiTags('cases')
@Controller('assessments')
export class AssessmentsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  @Post('overdue-check')
  @ApiAnswer(200, 'How many cases were flagged.', overdueCheckAnswer)
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Flags cases whose assessment is past due now; answers how many were flagged.',
  })
  async check(): Promise<z.input<typeof overdueCheckAnswer>> {
    const rows = await this.dataSource.transaction((manager) =>
      this.cases.markOverdueAssessments(manager),
    );
    return { flagged: rows.length };
  }
}
