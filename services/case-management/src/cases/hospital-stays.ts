import { Inject, Injectable } from '@nestjs/common';
import { topics, type PatientDischarged } from '@careflow/contracts';
import type { ConsumedEvent, UnitOfWork } from '@careflow/messaging';
import { SYSTEM_ACTOR } from '../common/actor';
import { PlanToday } from '../common/plan-today';
import { CaseManagers } from './case-managers.service';
import { CasesService } from './cases.service';

/**
 * "The complex case manager is required to call the member's PCP when there is a change in a
 * member's condition" (the document): a hospital stay is one. When the hospital reports an
 * enrolled member's stay (ADT), the case manager is prompted through pcp-notification with a
 * `hospital-stay` clinical status update: a feed item and a suggested call to the PCP, no letter.
 * The update id is derived from the encounter, so redelivery prompts once. Claims arrive weeks
 * later and prompt nothing.
 */
@Injectable()
export class HospitalStayPrompts {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseManagers) private readonly caseManagers: CaseManagers,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async onDischarges(
    uow: UnitOfWork,
    events: readonly ConsumedEvent<PatientDischarged>[],
  ): Promise<void> {
    if (events.length === 0) return;
    const enrolled: { case_id: string; member_id: string; case_manager_id: string | null }[] =
      await uow.manager.query(
        `SELECT case_id, member_id, case_manager_id FROM cases
          WHERE member_id = ANY($1::text[]) AND status = 'enrolled'`,
        [[...new Set(events.map((e) => e.data.memberId))]],
      );
    if (enrolled.length === 0) return;
    const byMember = new Map(enrolled.map((c) => [c.member_id, c]));
    const contacts = await this.caseManagers.contacts(
      uow.manager,
      enrolled.flatMap((c) => (c.case_manager_id ? [c.case_manager_id] : [])),
    );
    const recordedAt = this.today.now().toISOString();
    const history = [];
    for (const { data } of events) {
      const c = byMember.get(data.memberId);
      if (!c) continue;
      const updateId = `adt-${data.encounterId}`.slice(0, 100);
      const contact = c.case_manager_id ? contacts.get(c.case_manager_id) : undefined;
      history.push({
        caseId: c.case_id,
        actor: SYSTEM_ACTOR,
        kind: 'hospital-stay',
        from: null,
        to: null,
        detail: {
          encounterId: data.encounterId,
          admissionDate: data.admissionDate,
          dischargeDate: data.dischargeDate,
          prompted: contact !== undefined,
        },
      });
      // Without a case manager there is nobody to prompt; the case's history still shows the stay.
      if (!contact) continue;
      const status = data.dischargeDisposition
        ? `, discharge status ${data.dischargeDisposition}`
        : '';
      uow.publish(topics.clinicalStatusUpdates, {
        updateId,
        caseId: c.case_id,
        memberId: data.memberId,
        conditionChanged: true,
        summary: `Hospital stay reported by the hospital (ADT): admitted ${data.admissionDate}, discharged ${data.dischargeDate}${status}.`,
        recordedBy: { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.name },
        recordedAt,
        caseManager: contact,
        origin: 'hospital-stay',
      });
    }
    await this.cases.recordEvents(uow.manager, history);
  }
}
