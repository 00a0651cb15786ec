import { Inject, Injectable } from '@nestjs/common';
import { PlanToday } from '../../common/plan-today';
import { CaseloadEntries, type CaseloadEntry } from '../caseload-entries';
import type { CaseloadCase } from '../workspace.repository';

/**
 * One case as the caseload shows it (risk with evidence, coverage today, PCP and contact, name,
 * age, what is due), for the case view. The caller has read the case through its access check.
 */
@Injectable()
export class ViewWorkspaceCase {
  constructor(
    @Inject(CaseloadEntries) private readonly entries: CaseloadEntries,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async execute(theCase: CaseloadCase): Promise<{ asOf: string; entry: CaseloadEntry }> {
    const asOf = this.today.date();
    const [entry] = await this.entries.complete(
      this.entries.score([theCase], asOf),
      asOf,
      this.today.now(),
    );
    return { asOf, entry: entry! };
  }
}
