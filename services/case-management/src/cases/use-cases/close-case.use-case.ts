import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { identifier, type CaseClosureReason } from '@careflow/contracts';
import { parseCommand } from '@careflow/platform';
import { actorSchema } from '../../common/actor';
import type { Case } from '../case';
import { anyExistingCase, CaseChanges, type CaseAccess } from '../case-changes';

export const closeCaseCommand = z.object({
  caseId: identifier,
  actor: actorSchema,
  reason: z.string().max(2000).nullish(),
});

const CLOSED_BY_CASE_MANAGER: CaseClosureReason = 'closed-by-case-manager';

/**
 * A case manager closes a case (any case not yet closed). The case and its `ccm.cases.v1` event
 * carry the closure reason `closed-by-case-manager`; the history step carries it too, with the
 * case manager's own words (`reason`) for the timeline.
 */
@Injectable()
export class CloseCase {
  constructor(@Inject(CaseChanges) private readonly changes: CaseChanges) {}

  async execute(input: unknown, access: CaseAccess = anyExistingCase, traceparent?: string) {
    const command = parseCommand(closeCaseCommand, input, 'close case');
    return this.changes.onCase(
      command.caseId,
      access,
      (uow, current): Promise<Case> =>
        this.changes.apply(
          uow,
          current,
          'close',
          {
            actor: command.actor,
            kind: 'closed',
            detail: { closureReason: CLOSED_BY_CASE_MANAGER, reason: command.reason ?? null },
          },
          { closureReason: CLOSED_BY_CASE_MANAGER },
        ),
      traceparent,
    );
  }
}
