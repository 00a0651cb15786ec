import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { topics, type CcmCaseChanged } from '@careflow/contracts';
import { EventContext, OnEventBatch, type ConsumedEvent } from '@careflow/messaging';

/**
 * Who may read whose coverage: case-management publishes each case's status and case manager
 * on ccm.cases.v1; eligibility keeps the latest of each case. Events of a member share a
 * partition and arrive in order, so the last one of a case in partition order is the current one.
 */
@Controller()
export class CaseloadEvents {
  @OnEventBatch(topics.ccmCases)
  async onCases(
    @Payload() events: ConsumedEvent<CcmCaseChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const latest = new Map<string, CcmCaseChanged>();
    for (const event of events) latest.set(event.data.caseId, event.data);
    const cases = [...latest.values()];
    await ctx.unitOfWork.manager.query(
      `INSERT INTO caseload (case_id, member_id, case_manager_id, status)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (case_id) DO UPDATE
         SET member_id = EXCLUDED.member_id, case_manager_id = EXCLUDED.case_manager_id,
             status = EXCLUDED.status, updated_at = now()`,
      [
        cases.map((c) => c.caseId),
        cases.map((c) => c.memberId),
        cases.map((c) => c.caseManager?.id ?? null),
        cases.map((c) => c.status),
      ],
    );
  }
}
