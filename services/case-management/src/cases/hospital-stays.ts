import { Inject, Injectable } from '@nestjs/common';
import {
  topics,
  type HospitalStayChanged,
  type PatientDischarged,
  type CaseManagerContact,
} from '@careflow/contracts';
import type { ConsumedEvent, UnitOfWork } from '@careflow/messaging';
import { SYSTEM_ACTOR } from '../common/actor';
import { PlanToday } from '../common/plan-today';
import { CaseHistoryRepository } from './case-history.repository';
import { CaseManagerRepository } from './case-managers.repository';
import { CaseRepository } from './cases.repository';

/** What a hospital reported about a stay, as the prompt (or its withdrawal) it causes. */
interface StayReport {
  readonly memberId: string;
  readonly updateId: string;
  /** The updateId of the earlier prompt this report withdraws (a cancellation). */
  readonly retracts: string | null;
  readonly summary: string;
  readonly detail: Record<string, string | null>;
}

/** The prompt of a discharge (A03) and of an admission (A01), by visit: a cancellation names it. */
const dischargePromptOf = (encounterId: string) => `adt-${encounterId}`.slice(0, 100);
const admissionPromptOf = (encounterId: string) => `adt-admit-${encounterId}`.slice(0, 100);

function dischargeReport(data: PatientDischarged): StayReport {
  const status = data.dischargeDisposition ? `, discharge status ${data.dischargeDisposition}` : '';
  return {
    memberId: data.memberId,
    updateId: dischargePromptOf(data.encounterId),
    retracts: null,
    summary: `Hospital stay reported by the hospital (ADT): admitted ${data.admissionDate}, discharged ${data.dischargeDate}${status}.`,
    detail: {
      encounterId: data.encounterId,
      admissionDate: data.admissionDate,
      dischargeDate: data.dischargeDate,
    },
  };
}

function stayChangeReport(data: HospitalStayChanged): StayReport {
  const about = {
    memberId: data.memberId,
    detail: { encounterId: data.encounterId, change: data.change },
  };
  switch (data.change) {
    case 'admitted':
      return {
        ...about,
        detail: { ...about.detail, admissionDate: data.admissionDate ?? null },
        updateId: admissionPromptOf(data.encounterId),
        retracts: null,
        summary: `Hospital admission reported by the hospital (ADT): admitted ${data.admissionDate ?? 'on a date not given'}.`,
      };
    case 'admission-cancelled':
      return {
        ...about,
        updateId: `adt-a11-${data.encounterId}`.slice(0, 100),
        retracts: admissionPromptOf(data.encounterId),
        summary:
          'The hospital cancelled the admission it reported (ADT A11): the prompt to call the PCP about it is withdrawn.',
      };
    case 'discharge-cancelled':
      return {
        ...about,
        updateId: `adt-a13-${data.encounterId}`.slice(0, 100),
        retracts: dischargePromptOf(data.encounterId),
        summary:
          'The hospital cancelled the discharge it reported (ADT A13): the prompt to call the PCP about it is withdrawn; the stay no longer counts towards the criteria.',
      };
  }
}

/**
 * "The complex case manager is required to call the member's PCP when there is a change in a
 * member's condition" (the document): a hospital stay is one. When the hospital reports an
 * enrolled member's admission (ADT A01) or discharge (A03), the case manager is prompted through
 * pcp-notification with a `hospital-stay` clinical status update: a feed item and a suggested call
 * to the PCP, no letter. When it cancels one (A11, A13), an update that `retracts` the earlier
 * prompt withdraws it (its pending call is cancelled). Update ids are derived from the visit, so
 * redelivery prompts once. Claims arrive weeks later and prompt nothing.
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
    await this.prompt(
      uow,
      events.map((e) => dischargeReport(e.data)),
    );
  }

  async onStayChanges(
    uow: UnitOfWork,
    events: readonly ConsumedEvent<HospitalStayChanged>[],
  ): Promise<void> {
    await this.prompt(
      uow,
      events.map((e) => stayChangeReport(e.data)),
    );
  }

  private async prompt(uow: UnitOfWork, reports: readonly StayReport[]): Promise<void> {
    if (reports.length === 0) return;
    const enrolled = await this.cases.ofMembersIn(
      uow.manager,
      reports.map((r) => r.memberId),
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
    for (const report of reports) {
      const c = byMember.get(report.memberId);
      if (!c) continue;
      const contact: CaseManagerContact | undefined = c.caseManagerId
        ? contacts.get(c.caseManagerId)
        : undefined;
      history.push({
        caseId: c.caseId,
        actor: SYSTEM_ACTOR,
        kind: 'hospital-stay',
        from: null,
        to: null,
        detail: { ...report.detail, prompted: contact !== undefined, retracts: report.retracts },
      });
      // Without a case manager there is nobody to prompt; the case's history still shows the stay.
      if (!contact) continue;
      uow.publish(topics.clinicalStatusUpdates, {
        updateId: report.updateId,
        caseId: c.caseId,
        memberId: report.memberId,
        conditionChanged: report.retracts === null,
        summary: report.summary,
        recordedBy: { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.name },
        recordedAt,
        caseManager: contact,
        origin: 'hospital-stay',
        retracts: report.retracts,
      });
    }
    await this.history.record(uow.manager, history);
  }
}
