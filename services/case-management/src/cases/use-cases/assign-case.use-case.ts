import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import { statusesAccepting } from '@careflow/ccm-criteria';
import { OperationConflictError, parseCommand } from '@careflow/platform';
import { actorSchema } from '../../common/actor';
import { PlanToday } from '../../common/plan-today';
import type { Case } from '../case';
import { allowedTarget, anyExistingCase, CaseChanges, type CaseAccess } from '../case-changes';
import { CaseRepository } from '../cases.repository';

export const assignCaseCommand = z.object({
  caseId: identifier,
  caseManagerId: identifier,
  actor: actorSchema,
});

/**
 * Gives an open case to an active case manager (from the queue, or a reassignment), recorded
 * (`assigned`, from and to) and published, so pcp-notification sends what waited for a case
 * manager's contact details.
 */
@Injectable()
export class AssignCase {
  constructor(
    @Inject(CaseChanges) private readonly changes: CaseChanges,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async execute(
    input: unknown,
    access: CaseAccess = anyExistingCase,
    traceparent?: string,
  ): Promise<Case> {
    const command = parseCommand(assignCaseCommand, input, 'assign case');
    return this.changes.onCase(
      command.caseId,
      access,
      async (uow, current) => {
        allowedTarget(current, 'assign');
        const result = await this.cases.assign(
          uow.manager,
          current.caseId,
          command.caseManagerId,
          statusesAccepting('assign'),
          this.today.now(),
        );
        if (!result)
          throw new OperationConflictError(
            'case-manager-not-active',
            'the case manager is not on the roster or not active',
          );
        await this.changes.record(uow, [
          {
            caseId: current.caseId,
            actor: command.actor,
            kind: 'assigned',
            from: null,
            to: null,
            detail: { from: result.previousCaseManagerId, to: command.caseManagerId },
          },
        ]);
        await this.changes.publish(uow, [result.assigned]);
        return result.assigned;
      },
      traceparent,
    );
  }
}
