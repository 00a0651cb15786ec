import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import { parseCommand } from '@careflow/platform';
import { PlanToday } from '../../common/plan-today';
import { awaitsAssessment, CaseloadEntries, type CaseloadEntry } from '../caseload-entries';
import { compareCaseloadEntries } from '../caseload-order';
import { WorkspaceRepository } from '../workspace.repository';

export const listCaseloadCommand = z.strictObject({
  caseManagerId: identifier,
  limit: z.int().min(1).max(200),
  offset: z.int().min(0),
});
export type ListCaseloadCommand = z.input<typeof listCaseloadCommand>;

export interface CaseloadPage {
  asOf: string;
  total: number;
  entries: CaseloadEntry[];
}

/**
 * A case manager's open cases, each with its risk score as of today, ordered by risk and urgency
 * (`compareCaseloadEntries`), one page of them. The score is computed at read time from the
 * profile held: it cannot go stale (its look-back windows move with the date), and a caseload is
 * bounded by the case managers' capacity (`npm run bench -- caseload` measures 500 a case
 * manager). Coverage, names and PCP work are read for the page only.
 */
@Injectable()
export class ListCaseload {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkspaceRepository) private readonly workspace: WorkspaceRepository,
    @Inject(CaseloadEntries) private readonly entries: CaseloadEntries,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async execute(input: ListCaseloadCommand): Promise<CaseloadPage> {
    const command = parseCommand(listCaseloadCommand, input, 'list-caseload');
    const asOf = this.today.date();
    const cases = await this.workspace.openCasesOf(this.dataSource.manager, command.caseManagerId);
    const now = this.today.now();
    const ordered = this.entries
      .score(cases, asOf)
      .map((s) => ({
        scored: s,
        key: {
          caseId: s.case.caseId,
          riskTotal: s.risk.total,
          assessmentDueAt: awaitsAssessment(s.case.status) ? s.case.assessmentDueAt : null,
        },
      }))
      .sort((a, b) => compareCaseloadEntries(a.key, b.key));
    const page = ordered.slice(command.offset, command.offset + command.limit).map((o) => o.scored);
    return { asOf, total: cases.length, entries: await this.entries.complete(page, asOf, now) };
  }
}
