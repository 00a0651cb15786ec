import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { CASE_STATUSES, identifier, memberId } from '@careflow/contracts';
import { parseCommand } from '@careflow/platform';
import { CaseloadRepository } from '../caseload.repository';

/** Case changes in partition order (a member's events share a partition and arrive in order). */
export const recordCaseAssignmentsCommand = z.object({
  changes: z.array(
    z.object({
      caseId: identifier,
      memberId,
      caseManagerId: identifier.nullable(),
      status: z.enum(CASE_STATUSES),
    }),
  ),
});
export type RecordCaseAssignmentsCommand = z.input<typeof recordCaseAssignmentsCommand>;

/**
 * Keeps the latest status and case manager of each case, for the caseload rule: the last change
 * of a case in partition order is the current one.
 */
@Injectable()
export class RecordCaseAssignmentsUseCase {
  constructor(@Inject(CaseloadRepository) private readonly caseload: CaseloadRepository) {}

  async execute(manager: EntityManager, input: RecordCaseAssignmentsCommand): Promise<void> {
    const { changes } = parseCommand(recordCaseAssignmentsCommand, input, 'case assignments');
    const latest = new Map(changes.map((change) => [change.caseId, change]));
    await this.caseload.recordAssignments(manager, [...latest.values()]);
  }
}
