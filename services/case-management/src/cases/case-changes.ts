import { Inject, Injectable } from '@nestjs/common';
import { MessagingRuntime, type UnitOfWork } from '@careflow/messaging';
import { isOpenCase, OperationConflictError, ResourceNotFoundError } from '@careflow/platform';
import { topics, type CaseClosureReason, type CaseManagerContact } from '@careflow/contracts';
import {
  CASE_TRANSITION_ERRORS,
  decideCaseTransition,
  type CaseCommand,
} from '@careflow/ccm-criteria';
import { PlanToday } from '../common/plan-today';
import type { Case, CaseStep } from './case';
import { CaseHistoryRepository } from './case-history.repository';
import { CaseManagerRepository } from './case-managers.repository';
import { CaseRepository } from './cases.repository';

/**
 * How a use case gets the case it works on: `load` reads it (locked, in the use case's
 * transaction). Over HTTP the controller's access checks the caseload and audits the read; on
 * other paths the case only has to exist.
 */
export type CaseAccess = (caseId: string, load: () => Promise<Case | null>) => Promise<Case>;

export const anyExistingCase: CaseAccess = async (caseId, load) => {
  const found = await load();
  if (!found) throw new ResourceNotFoundError(`case ${caseId} not found`);
  return found;
};

/** What the case-changing use cases share: the locked read, the lifecycle, history and events. */
@Injectable()
export class CaseChanges {
  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseHistoryRepository) private readonly history: CaseHistoryRepository,
    @Inject(CaseManagerRepository) private readonly caseManagers: CaseManagerRepository,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  /** Runs `work` on the case, read through `access` and locked, in one transaction. */
  async onCase<T>(
    caseId: string,
    access: CaseAccess,
    work: (uow: UnitOfWork, current: Case) => Promise<T>,
    traceparent?: string,
  ): Promise<T> {
    return this.messaging.transaction(async (uow) => {
      const current = await access(caseId, () => this.cases.byId(uow.manager, caseId, true));
      return work(uow, current);
    }, traceparent);
  }

  /**
   * Applies `command` to the case as the lifecycle table decides: a refusal is an
   * `OperationConflictError` with the table's code; the new status is stored (only if the case
   * did not change meanwhile), recorded in its history and published. `outcome` names the
   * assessment outcome or the closure reason the move records on the case.
   */
  async apply(
    uow: UnitOfWork,
    current: Case,
    command: CaseCommand,
    step: Omit<CaseStep, 'caseId' | 'from' | 'to'>,
    outcome: { assessmentOutcome?: string; closureReason?: CaseClosureReason } = {},
  ): Promise<Case> {
    const to = allowedTarget(current, command);
    const updated = await this.cases.moveTo(uow.manager, current, to, {
      at: this.today.now(),
      closing: !isOpenCase(to),
      ...outcome,
    });
    if (!updated)
      throw new OperationConflictError(
        'case-changed',
        `case ${current.caseId} changed while it was being updated`,
      );
    await this.history.record(uow.manager, [
      { ...step, caseId: current.caseId, from: current.status, to },
    ]);
    await this.publish(uow, [updated]);
    return updated;
  }

  async record(uow: UnitOfWork, steps: readonly CaseStep[]): Promise<void> {
    await this.history.record(uow.manager, steps);
  }

  /** Publishes each case's current state on `ccm.cases.v1`. */
  async publish(uow: UnitOfWork, cases: readonly Case[]): Promise<void> {
    if (cases.length === 0) return;
    const contacts = await this.caseManagers.contacts(
      uow.manager,
      cases.flatMap((c) => (c.caseManagerId ? [c.caseManagerId] : [])),
    );
    for (const c of cases) {
      uow.publish(topics.ccmCases, {
        caseId: c.caseId,
        memberId: c.memberId,
        status: c.status,
        identificationSources: c.identificationSources,
        criteriaMet: c.criteriaMet,
        caseManager: contactOrNull(contacts, c.caseManagerId),
        closureReason: c.closureReason,
      });
    }
  }
}

/** The status `command` moves the case to, or the lifecycle's refusal as a 409. */
export function allowedTarget(current: Case, command: CaseCommand): Case['status'] {
  const decision = decideCaseTransition(current.status, command);
  if (decision.allowed) return decision.to;
  throw new OperationConflictError(
    decision.error,
    `case is ${current.status}: ${CASE_TRANSITION_ERRORS[decision.error]}`,
  );
}

function contactOrNull(
  contacts: ReadonlyMap<string, CaseManagerContact>,
  id: string | null,
): CaseManagerContact | null {
  return id ? (contacts.get(id) ?? null) : null;
}
