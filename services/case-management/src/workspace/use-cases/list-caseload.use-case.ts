import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { criteriaVersionInEffect } from '@careflow/ccm-criteria';
import { identifier, type CoverageSpan } from '@careflow/contracts';
import { coverageOn } from '@careflow/coverage-read-model';
import { parseCommand } from '@careflow/platform';
import { computeRiskScore, RISK_SCORE_2026_1, type RiskScore } from '@careflow/risk-scores';
import { PlanToday } from '../../common/plan-today';
import { compareCaseloadEntries } from '../caseload-order';
import { WorkspaceRepository, type CaseloadCase } from '../workspace.repository';

export const listCaseloadCommand = z.strictObject({
  caseManagerId: identifier,
  limit: z.int().min(1).max(200),
  offset: z.int().min(0),
});
export type ListCaseloadCommand = z.input<typeof listCaseloadCommand>;

export interface CaseloadEntry {
  case: CaseloadCase;
  risk: RiskScore;
  /** The coverage span in effect today, or null (coverage ended or not yet received). */
  coverageToday: CoverageSpan | null;
}

export interface CaseloadPage {
  asOf: string;
  total: number;
  entries: CaseloadEntry[];
}

/**
 * A case manager's open cases, each with its risk score as of today, ordered by risk and urgency
 * (`compareCaseloadEntries`), one page of them. The score is computed at read time from the
 * profile held: it cannot go stale, and a caseload is bounded by the case managers' capacity
 * (the bench measures it at 500 a case manager).
 */
@Injectable()
export class ListCaseload {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkspaceRepository) private readonly workspace: WorkspaceRepository,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async execute(input: ListCaseloadCommand): Promise<CaseloadPage> {
    const command = parseCommand(listCaseloadCommand, input, 'list-caseload');
    const asOf = this.today.date();
    const inpatient = criteriaVersionInEffect(asOf).inpatient;
    const cases = await this.workspace.openCasesOf(this.dataSource.manager, command.caseManagerId);
    const scored = cases
      .map((c) => ({
        case: c,
        risk: computeRiskScore(c, asOf, RISK_SCORE_2026_1, inpatient),
        coverageToday: coverageOn(c.coverageSpans, asOf),
      }))
      .sort((a, b) =>
        compareCaseloadEntries(
          {
            caseId: a.case.caseId,
            riskTotal: a.risk.total,
            assessmentDueAt: a.case.assessmentDueAt,
          },
          {
            caseId: b.case.caseId,
            riskTotal: b.risk.total,
            assessmentDueAt: b.case.assessmentDueAt,
          },
        ),
      );
    return {
      asOf,
      total: scored.length,
      entries: scored.slice(command.offset, command.offset + command.limit),
    };
  }
}
