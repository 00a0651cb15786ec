import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import { parseCommand } from '@careflow/platform';
import { actorSchema } from '../../common/actor';
import type { Case } from '../case';
import { anyExistingCase, CaseChanges, type CaseAccess } from '../case-changes';

export const closeCaseCommand = z.object({
  caseId: identifier,
  actor: actorSchema,
  reason: z.string().max(2000).nullish(),
});

/** A case manager closes a case (any case not yet closed). */
@Injectable()
export class CloseCase {
  constructor(@Inject(CaseChanges) private readonly changes: CaseChanges) {}

  async execute(input: unknown, access: CaseAccess = anyExistingCase, traceparent?: string) {
    const command = parseCommand(closeCaseCommand, input, 'close case');
    return this.changes.onCase(
      command.caseId,
      access,
      (uow, current): Promise<Case> =>
        this.changes.apply(uow, current, 'close', {
          actor: command.actor,
          kind: 'closed',
          detail: { reason: command.reason ?? null },
        }),
      traceparent,
    );
  }
}
