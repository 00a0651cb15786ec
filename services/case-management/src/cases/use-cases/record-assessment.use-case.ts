import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import { ASSESSMENT_COMMANDS, type AssessmentOutcome } from '@careflow/ccm-criteria';
import { parseCommand } from '@careflow/platform';
import { actorSchema } from '../../common/actor';
import type { Case } from '../case';
import { anyExistingCase, CaseChanges, type CaseAccess } from '../case-changes';

export const recordAssessmentCommand = z.object({
  caseId: identifier,
  actor: actorSchema,
  outcome: z.enum(Object.keys(ASSESSMENT_COMMANDS) as [AssessmentOutcome, ...AssessmentOutcome[]]),
  notes: z.string().max(10000).nullish(),
});

/** Records the phone assessment: enrolled, declined (voluntary) or unable-to-reach. */
@Injectable()
export class RecordAssessment {
  constructor(@Inject(CaseChanges) private readonly changes: CaseChanges) {}

  async execute(input: unknown, access: CaseAccess = anyExistingCase, traceparent?: string) {
    const command = parseCommand(recordAssessmentCommand, input, 'record assessment');
    return this.changes.onCase(
      command.caseId,
      access,
      (uow, current): Promise<Case> =>
        this.changes.apply(
          uow,
          current,
          ASSESSMENT_COMMANDS[command.outcome],
          {
            actor: command.actor,
            kind: 'assessment-recorded',
            detail: { outcome: command.outcome, notes: command.notes ?? null },
          },
          command.outcome,
        ),
      traceparent,
    );
  }
}
