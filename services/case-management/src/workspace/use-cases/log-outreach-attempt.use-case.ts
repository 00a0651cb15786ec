import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { decideUnableToReach } from '@careflow/ccm-criteria';
import { identifier } from '@careflow/contracts';
import {
  AuditLog,
  OperationConflictError,
  parseCommand,
  type AuditOrigin,
  type Principal,
} from '@careflow/platform';
import type { CaseManagementConfig } from '../../config';
import { PlanToday } from '../../common/plan-today';
import { CASE_MANAGEMENT_CONFIG } from '../../tokens';
import {
  attemptResults,
  OUTREACH_CHANNELS,
  OUTREACH_OUTCOMES,
  WorkspaceRepository,
  type CaseOwnership,
  type OutreachAttempt,
} from '../workspace.repository';

export const logOutreachAttemptCommand = z.strictObject({
  caseId: identifier,
  channel: z.enum(OUTREACH_CHANNELS),
  outcome: z.enum(OUTREACH_OUTCOMES),
  notes: z.string().max(10000).nullish(),
  recordedBy: z.object({ id: z.string().min(1), name: z.string().min(1) }),
});
export type LogOutreachAttemptCommand = z.input<typeof logOutreachAttemptCommand>;

export interface OutreachRecord {
  attempts: OutreachAttempt[];
  /** Attempts the program requires before "unable to reach" (OUTREACH_ATTEMPTS_BEFORE_UNABLE_TO_REACH). */
  required: number;
  /** True once that many attempts did not reach the member: "unable to reach" may be recorded. */
  unableToReachAllowed: boolean;
}

/**
 * Logs one attempt to reach the member of an open case (the caller checked the caseload) and
 * answers the case's attempts with whether "unable to reach" may now be recorded. Attempts are
 * stamped with the injected clock; a closed case takes no more attempts. The attempt and its
 * audit entry (`outreach-attempt.log`) commit in one transaction.
 */
@Injectable()
export class LogOutreachAttempt {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkspaceRepository) private readonly workspace: WorkspaceRepository,
    @Inject(PlanToday) private readonly today: PlanToday,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async execute(
    theCase: CaseOwnership,
    input: LogOutreachAttemptCommand,
    caller: { readonly principal: Principal; readonly origin: AuditOrigin },
  ): Promise<OutreachRecord> {
    const command = parseCommand(logOutreachAttemptCommand, input, 'log-outreach-attempt');
    if (theCase.status === 'closed') {
      throw new OperationConflictError('case-closed', 'the case is closed');
    }
    return this.dataSource.transaction(async (manager) => {
      const attemptId = `OUT-${randomUUID()}`;
      await this.workspace.insertOutreachAttempt(manager, {
        attemptId,
        caseId: theCase.caseId,
        memberId: theCase.memberId,
        channel: command.channel,
        outcome: command.outcome,
        notes: command.notes ?? null,
        recordedBy: command.recordedBy,
        attemptedAt: this.today.now(),
      });
      await this.audit.record(
        {
          actor: caller.principal,
          action: 'outreach-attempt.log',
          resourceType: 'outreach-attempt',
          resourceId: attemptId,
          memberId: theCase.memberId,
          outcome: 'allowed',
          ...caller.origin,
        },
        manager,
      );
      return this.record(await this.workspace.outreachAttemptsOf(manager, theCase.caseId));
    });
  }

  /** The attempts with the program's rule applied. */
  record(attempts: OutreachAttempt[]): OutreachRecord {
    const decision = decideUnableToReach(
      attemptResults(attempts),
      this.config.OUTREACH_ATTEMPTS_BEFORE_UNABLE_TO_REACH,
    );
    return { attempts, required: decision.required, unableToReachAllowed: decision.allowed };
  }
}
