import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import { parseCommand } from '@careflow/platform';
import { PlanToday } from '../../common/plan-today';
import {
  AWAITING_ASSESSMENT_STATUSES,
  CaseloadEntries,
  type CaseloadEntry,
} from '../caseload-entries';
import { WorkspaceRepository, type CaseloadCase } from '../workspace.repository';

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
 * (`CASELOAD_PAGE_SQL`), one page of them. The order reads a risk total stored on each case with
 * the plan date and profile version it was scored for; the cases whose total is stale (a new
 * day, or a profile written since) are scored again first, so the first read of a day scores the
 * caseload once and later reads sort and page in SQL and score only the page, with its evidence.
 * Nothing more is written on the event path. Coverage, names and PCP work are read for the page.
 */
@Injectable()
export class ListCaseload {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkspaceRepository) private readonly workspace: WorkspaceRepository,
    @Inject(CaseloadEntries) private readonly entries: CaseloadEntries,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  /**
   * `audit` records the cases of the page; it runs while the page is completed, and the page is
   * answered only once it has succeeded.
   */
  async execute(
    input: ListCaseloadCommand,
    audit: (shown: readonly CaseloadCase[]) => Promise<void>,
  ): Promise<CaseloadPage> {
    const command = parseCommand(listCaseloadCommand, input, 'list-caseload');
    const asOf = this.today.date();
    const manager = this.dataSource.manager;
    const stale = await this.workspace.staleRiskOf(manager, command.caseManagerId, asOf);
    if (stale.length > 0) {
      const scored = this.entries.score(stale, asOf);
      await this.workspace.storeRisk(
        manager,
        asOf,
        scored.map((s, i) => ({
          caseId: s.case.caseId,
          riskTotal: s.risk.total,
          profileUpdatedAt: stale[i]!.profileUpdatedAt,
        })),
      );
    }
    const page = await this.workspace.caseloadPage(
      manager,
      command.caseManagerId,
      AWAITING_ASSESSMENT_STATUSES,
      command.limit,
      command.offset,
    );
    const [entries] = await Promise.all([
      this.entries.complete(this.entries.score(page.cases, asOf), asOf, this.today.now()),
      audit(page.cases),
    ]);
    return { asOf, total: page.total, entries };
  }
}
