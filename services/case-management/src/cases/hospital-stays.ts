import { Inject, Injectable } from '@nestjs/common';
import { topics, type PatientDischarged } from '@careflow/contracts';
import type { ConsumedEvent, UnitOfWork } from '@careflow/messaging';
import { SYSTEM_ACTOR } from '../common/actor';
import { PlanToday } from '../common/plan-today';
import { CaseHistoryRepository } from './case-history.repository';
import { CaseManagerRepository } from './case-managers.repository';
import { CaseRepository } from './cases.repository';

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
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseHistoryRepository) private readonly history: CaseHistoryRepository,
    @Inject(CaseManagerRepository) private readonly caseManagers: CaseManagerRepository,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async onDischarges(
    uow: UnitOfWork,
    events: readonly ConsumedEvent<PatientDischarged>[],
  ): Promise<void> {
    if (events.length === 0) return;
    const enrolled = await this.cases.ofMembersIn(
      uow.manager,
      events.map((e) => e.data.memberId),
      'enrolled',
    );
    if (enrolled.length === 0) return;
    const byMember = new Map(enrolled.map((c) => [c.memberId, c]));
    const contacts = await this.caseManagers.contacts(
      uow.manager,
      enrolled.flatMap((c) => (c.caseManagerId ? [c.caseManagerId] : [])),
    );
    const recordedAt = this.today.now().toISOString();
    const history = [];
    for (const { data } of events) {
      const c = byMember.get(data.memberId);
      if (!c) continue;
      const updateId = `adt-${data.encounterId}`.slice(0, 100);
      const contact = c.caseManagerId ? contacts.get(c.caseManagerId) : undefined;
      history.push({
        caseId: c.caseId,
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
        caseId: c.caseId,
        memberId: data.memberId,
        conditionChanged: true,
        summary: `Hospital stay reported by the hospital (ADT): admitted ${data.admissionDate}, discharged ${data.dischargeDate}${status}.`,
        recordedBy: { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.name },
        recordedAt,
        caseManager: contact,
        origin: 'hospital-stay',
      });
    }
    await this.history.record(uow.manager, history);
  }
}
