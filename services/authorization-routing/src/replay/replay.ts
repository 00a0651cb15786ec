import type { EntityManager } from 'typeorm';
import type { PlanCalendar } from '@careflow/contracts';
import {
  compileRoutingPolicy,
  type HcpcsReference,
  type PolicyRouter,
  type RoutingPolicy,
} from '@careflow/michigan-policy';
import { PaRequestRepository, type RecordedCase } from '../pa-requests/pa-request.repository';
import { assembleDecision, type CoverageFinding } from '../routing/decide';
import { compareDecisions, mergeReports, type ReplayReport } from './compare';

export type { RecordedCase } from '../pa-requests/pa-request.repository';

/**
 * The decided requests received from `from` to `to` (YYYY-MM-DD, days of the plan calendar,
 * inclusive), read in pages in received order. Requests still held have no decision and are not
 * replayed.
 */
export function recordedCases(
  manager: EntityManager,
  from: string,
  to: string,
  calendar: PlanCalendar,
  pageSize = 2000,
): AsyncGenerator<RecordedCase[]> {
  return new PaRequestRepository(manager.connection).recordedCases(
    manager,
    from,
    to,
    calendar.timeZone,
    pageSize,
  );
}

function findingOf(c: RecordedCase): CoverageFinding {
  switch (c.coverageStatus) {
    case 'covered':
      return c.coverage ? { status: 'covered', coverage: c.coverage } : { status: 'no-coverage' };
    case 'no-coverage':
      return { status: 'no-coverage' };
    case 'never-received':
      return {
        status: 'never-received',
        waitedMs: c.decidedAt.getTime() - c.receivedAt.getTime(),
      };
  }
}

/** Decides recorded cases under `policy` with the coverage each original decision used. Pure. */
export function replayCases(
  cases: readonly RecordedCase[],
  policy: RoutingPolicy | PolicyRouter,
  calendar: PlanCalendar,
): ReplayReport {
  const router = 'route' in policy ? policy : compileRoutingPolicy(policy);
  return compareDecisions(
    cases.map((c) => ({
      requestId: c.requestId,
      memberId: c.request.memberId,
      before: c.decision,
      after: assembleDecision(router, c.request, c.receivedAt, findingOf(c), calendar).decision,
    })),
  );
}

/** The replay's core: every recorded case of the period under the candidate policy. */
export async function replayPolicy(
  manager: EntityManager,
  policy: RoutingPolicy,
  from: string,
  to: string,
  calendar: PlanCalendar,
  drugReference?: HcpcsReference,
): Promise<ReplayReport> {
  const router = compileRoutingPolicy(policy, drugReference ? { drugReference } : {});
  const reports: ReplayReport[] = [];
  for await (const page of recordedCases(manager, from, to, calendar))
    reports.push(replayCases(page, router, calendar));
  return mergeReports(reports);
}
