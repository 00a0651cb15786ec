import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import { parseCommand } from '@careflow/platform';
import { actorSchema } from '../../common/actor';
import type { Case } from '../case';
import { anyExistingCase, CaseChanges, type CaseAccess } from '../case-changes';

export const reviewCaseCommand = z.object({
  caseId: identifier,
  actor: actorSchema,
  notes: z.string().max(10000).nullish(),
});

/** The case manager reviewed the identification: the phone assessment is pending. */
@Injectable()
export class ReviewCase {
  constructor(@Inject(CaseChanges) private readonly changes: CaseChanges) {}

  async execute(input: unknown, access: CaseAccess = anyExistingCase, traceparent?: string) {
    const command = parseCommand(reviewCaseCommand, input, 'review case');
    return this.changes.onCase(
      command.caseId,
      access,
      (uow, current): Promise<Case> =>
        this.changes.apply(uow, current, 'review', {
          actor: command.actor,
          kind: 'reviewed',
          detail: { notes: command.notes ?? null },
        }),
      traceparent,
    );
  }
}
