import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { identifier, topics } from '@careflow/contracts';
import { OperationConflictError, parseCommand } from '@careflow/platform';
import { actorSchema } from '../../common/actor';
import { PlanToday } from '../../common/plan-today';
import { allowedTarget, anyExistingCase, CaseChanges, type CaseAccess } from '../case-changes';
import { CaseHistoryRepository } from '../case-history.repository';
import { CaseManagerRepository } from '../case-managers.repository';

export const recordStatusUpdateCommand = z.object({
  caseId: identifier,
  actor: actorSchema,
  summary: z.string().min(1).max(10000),
  conditionChanged: z.boolean(),
});

export interface RecordedStatusUpdate {
  readonly updateId: string;
  readonly caseId: string;
  readonly conditionChanged: boolean;
  readonly recordedAt: Date;
}

/**
 * A clinical status update on an enrolled case, published for the PCP with the case manager's
 * contact details (pcp-notification writes the letter, and prompts a call when the condition
 * changed). The case keeps its status; its history records the update.
 */
@Injectable()
export class RecordStatusUpdate {
  constructor(
    @Inject(CaseChanges) private readonly changes: CaseChanges,
    @Inject(CaseHistoryRepository) private readonly history: CaseHistoryRepository,
    @Inject(CaseManagerRepository) private readonly caseManagers: CaseManagerRepository,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async execute(
    input: unknown,
    access: CaseAccess = anyExistingCase,
    traceparent?: string,
  ): Promise<RecordedStatusUpdate> {
    const command = parseCommand(recordStatusUpdateCommand, input, 'record status update');
    return this.changes.onCase(
      command.caseId,
      access,
      async (uow, current) => {
        allowedTarget(current, 'record-status-update');
        if (!current.caseManagerId)
          throw new OperationConflictError('case-unassigned', 'case has no case manager');
        const contact = (
          await this.caseManagers.contacts(uow.manager, [current.caseManagerId])
        ).get(current.caseManagerId);
        if (!contact)
          throw new OperationConflictError(
            'case-manager-not-on-roster',
            'case manager not on the roster',
          );
        const update = {
          updateId: `CSU-${randomUUID()}`,
          caseId: current.caseId,
          memberId: current.memberId,
          summary: command.summary,
          conditionChanged: command.conditionChanged,
          recordedBy: command.actor.id,
          recordedAt: this.today.now(),
        };
        await this.history.addStatusUpdate(uow.manager, update);
        await this.changes.record(uow, [
          {
            caseId: current.caseId,
            actor: command.actor,
            kind: 'clinical-status-update',
            from: null,
            to: null,
            detail: { updateId: update.updateId, conditionChanged: update.conditionChanged },
          },
        ]);
        uow.publish(topics.clinicalStatusUpdates, {
          updateId: update.updateId,
          caseId: current.caseId,
          memberId: current.memberId,
          conditionChanged: update.conditionChanged,
          summary: update.summary,
          recordedBy: { id: command.actor.id, name: command.actor.name },
          recordedAt: update.recordedAt.toISOString(),
          caseManager: contact,
          origin: 'case-manager',
          retracts: null,
        });
        return {
          updateId: update.updateId,
          caseId: current.caseId,
          conditionChanged: update.conditionChanged,
          recordedAt: update.recordedAt,
        };
      },
      traceparent,
    );
  }
}
