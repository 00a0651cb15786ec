import { Inject, Injectable } from '@nestjs/common';
import {
  PlanCalendar,
  topics,
  type Clock,
  type PaPended,
  type PaRequested,
} from '@careflow/contracts';
import { coverageOn, type MemberCoverageSnapshot } from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import { CLOCK } from '@careflow/platform';
import { PolicyStore } from '../policies/policy-store';
import { PaRequestRepository, type Hold } from '../pa-requests/pa-request.repository';
import {
  assembleDecision,
  toMemberCoverage,
  type CoverageFinding,
  type DecisionRecord,
} from './decide';

/** A request to decide now, with how its member's coverage was found. */
export interface ToDecide {
  readonly request: PaRequested;
  readonly receivedAt: Date;
  readonly finding: CoverageFinding;
}

/** The coverage the policy sees for a request, from the member's snapshot (or its absence). */
export function findingFor(
  snapshot: MemberCoverageSnapshot | undefined,
  dateOfService: string,
): CoverageFinding | null {
  if (!snapshot) return null;
  const span = coverageOn(snapshot.spans, dateOfService);
  return span ? { status: 'covered', coverage: toMemberCoverage(span) } : { status: 'no-coverage' };
}

export function neverReceived(waitedMs: number): CoverageFinding {
  return { status: 'never-received', waitedMs };
}

/**
 * What every routing use case shares: deciding a request with the policy version that decides on
 * the day of the decision for its date of service, storing decisions and publishing them in the caller's transaction, and the pa.pended
 * status of a held request.
 */
@Injectable()
export class RoutingService {
  constructor(
    @Inject(PolicyStore) private readonly policies: PolicyStore,
    @Inject(PaRequestRepository) private readonly requests: PaRequestRepository,
    @Inject(PlanCalendar) private readonly calendar: PlanCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The decision for a request without storing or publishing it, made with the version that
   * decides on `decidedAt` (default now: new requests and re-decisions alike use a revision from
   * its adoption on) for the request's date of service.
   */
  decide(
    request: PaRequested,
    receivedAt: Date,
    finding: CoverageFinding,
    decidedAt: Date = this.clock.now(),
  ): DecisionRecord {
    const router = this.policies.routerOn({
      dateOfService: request.dateOfService,
      decidedOn: this.calendar.dateOf(decidedAt),
    });
    return assembleDecision(router, request, receivedAt, finding, this.calendar);
  }

  /**
   * Stores and publishes the decisions of `items`. With `requestsRecordedNow` the requests were
   * first recorded by this transaction, so none can have a decision yet: the insert rides with the
   * outbox insert (one round trip for both). Otherwise (held requests, which the coverage path and
   * the expiry sweep may both reach) only the decisions actually stored are published.
   */
  async decideAndRecord(
    uow: UnitOfWork,
    items: readonly ToDecide[],
    { requestsRecordedNow }: { requestsRecordedNow: boolean },
  ): Promise<void> {
    if (items.length === 0) return;
    const records = items.map((i) => this.decide(i.request, i.receivedAt, i.finding));
    if (requestsRecordedNow) {
      this.requests.storeWithOutbox(uow, records);
      for (const record of records) publishDecision(uow, record);
      return;
    }
    const stored = await this.requests.storeNew(uow.manager, records);
    for (const record of records) {
      if (stored.has(record.decision.requestId)) publishDecision(uow, record);
    }
  }

  /** The pa.pended status of a request held for its member's coverage. */
  pended(request: PaRequested, hold: Hold): PaPended {
    let policyVersion: string | null = null;
    try {
      policyVersion = this.policies.routerOn({
        dateOfService: request.dateOfService,
        decidedOn: this.calendar.dateOf(hold.heldAt),
      }).policy.version;
    } catch {
      policyVersion = null; // no version active yet: the decision will say so
    }
    const decideBy = hold.holdUntil.toISOString();
    return {
      requestId: request.requestId,
      memberId: request.memberId,
      status: 'pended',
      reasonCode: 'coverage-not-received',
      reasons: [
        `The member's coverage has not been received from eligibility yet, so the request cannot be routed. It is decided as soon as coverage arrives, and not-eligible if none has arrived by ${decideBy}.`,
      ],
      dateOfService: request.dateOfService,
      pendedAt: hold.heldAt.toISOString(),
      decideBy,
      policyVersion,
    };
  }
}

export function publishDecision(uow: UnitOfWork, record: DecisionRecord): void {
  // A decision that broke the contract would throw OutputContractError: the request is then
  // dead-lettered instead of retried forever. The event id is the one stored with the decision.
  uow.publish(topics.paRoutingDecisions, record.decision, { id: record.eventId });
}
