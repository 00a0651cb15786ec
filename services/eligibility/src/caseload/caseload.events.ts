import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type CcmCaseChanged } from '@careflow/contracts';
import { EventContext, OnEventBatch, type ConsumedEvent } from '@careflow/messaging';
import { RecordCaseAssignmentsUseCase } from './use-cases/record-case-assignments.use-case';

/**
 * Who may read whose coverage: case-management publishes each case's status and case manager
 * on ccm.cases.v1; eligibility keeps the latest of each case.
 */
@Controller()
export class CaseloadEvents {
  constructor(
    @Inject(RecordCaseAssignmentsUseCase)
    private readonly recordAssignments: RecordCaseAssignmentsUseCase,
  ) {}

  @OnEventBatch(topics.ccmCases)
  async onCases(
    @Payload() events: ConsumedEvent<CcmCaseChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.recordAssignments.execute(ctx.unitOfWork.manager, {
      changes: events.map(({ data }) => ({
        caseId: data.caseId,
        memberId: data.memberId,
        caseManagerId: data.caseManager?.id ?? null,
        status: data.status,
      })),
    });
  }
}
