import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import {
  ASSESSMENT_COMMANDS,
  decideUnableToReach,
  type AssessmentOutcome,
} from '@careflow/ccm-criteria';
import type { UnitOfWork } from '@careflow/messaging';
import { OperationConflictError, parseCommand } from '@careflow/platform';
import { actorSchema } from '../../common/actor';
import type { CaseManagementConfig } from '../../config';
import { CASE_MANAGEMENT_CONFIG } from '../../tokens';
import { attemptResults, WorkspaceRepository } from '../../workspace/workspace.repository';
import type { Case } from '../case';
import { allowedTarget, anyExistingCase, CaseChanges, type CaseAccess } from '../case-changes';

export const recordAssessmentCommand = z.object({
  caseId: identifier,
  actor: actorSchema,
  outcome: z.enum(Object.keys(ASSESSMENT_COMMANDS) as [AssessmentOutcome, ...AssessmentOutcome[]]),
  notes: z.string().max(10000).nullish(),
});

/**
 * Records the phone assessment: enrolled, declined (voluntary) or unable-to-reach. "Unable to
 * reach" is refused (409 `too-few-outreach-attempts`) until the case has the logged outreach
 * attempts OUTREACH_ATTEMPTS_BEFORE_UNABLE_TO_REACH asks for (`decideUnableToReach`).
 */
@Injectable()
export class RecordAssessment {
  constructor(
    @Inject(CaseChanges) private readonly changes: CaseChanges,
    @Inject(WorkspaceRepository) private readonly workspace: WorkspaceRepository,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
  ) {}

  async execute(input: unknown, access: CaseAccess = anyExistingCase, traceparent?: string) {
    const command = parseCommand(recordAssessmentCommand, input, 'record assessment');
    const lifecycleCommand = ASSESSMENT_COMMANDS[command.outcome];
    return this.changes.onCase(
      command.caseId,
      access,
      async (uow, current): Promise<Case> => {
        // The lifecycle's refusal (already assessed, closed) comes before the outreach rule's.
        allowedTarget(current, lifecycleCommand);
        if (command.outcome === 'unable-to-reach') await this.checkOutreach(uow, current.caseId);
        return this.changes.apply(
          uow,
          current,
          lifecycleCommand,
          {
            actor: command.actor,
            kind: 'assessment-recorded',
            detail: { outcome: command.outcome, notes: command.notes ?? null },
          },
          { assessmentOutcome: command.outcome },
        );
      },
      traceparent,
    );
  }

  private async checkOutreach(uow: UnitOfWork, caseId: string): Promise<void> {
    const attempts = await this.workspace.outreachAttemptsOf(uow.manager, caseId);
    const decision = decideUnableToReach(
      attemptResults(attempts),
      this.config.OUTREACH_ATTEMPTS_BEFORE_UNABLE_TO_REACH,
    );
    if (!decision.allowed) throw new OperationConflictError(decision.error, decision.reason);
  }
}
