import type { EntityManager } from 'typeorm';
import type { PaRequested, PaRoutingDecision, PlanCalendar } from '@careflow/contracts';
import {
  compileRoutingPolicy,
  type HcpcsReference,
  type MemberCoverage,
  type PolicyRouter,
  type RoutingPolicy,
} from '@careflow/michigan-policy';
import { assembleDecision, type CoverageFinding, type CoverageStatus } from '../routing/decide';
import { compareDecisions, mergeReports, type ReplayReport } from './compare';

/** A request as it was received and decided, with the coverage the decision used. */
export interface RecordedCase {
  readonly requestId: string;
  readonly request: PaRequested;
  readonly receivedAt: Date;
  readonly decidedAt: Date;
  readonly coverageStatus: CoverageStatus;
  readonly coverage: MemberCoverage | null;
  readonly decision: PaRoutingDecision;
}

interface CaseRow {
  request_id: string;
  data: PaRequested;
  received_at: Date;
  decided_at: Date;
  coverage_status: CoverageStatus;
  coverage: MemberCoverage | null;
  decision: PaRoutingDecision;
}

/**
 * The decided requests received from `from` to `to` (YYYY-MM-DD, Michigan days, inclusive), read
 * in pages in received order. Requests still held have no decision and are not replayed.
 */
export async function* recordedCases(
  manager: EntityManager,
  from: string,
  to: string,
  pageSize = 2000,
): AsyncGenerator<RecordedCase[]> {
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const rows: CaseRow[] = await manager.query(
      `SELECT p.request_id, p.data, p.received_at, d.decided_at, d.coverage_status, d.coverage, d.decision
         FROM pa_requests p JOIN routing_decisions d USING (request_id)
        WHERE (p.received_at AT TIME ZONE 'America/Detroit')::date BETWEEN $1::date AND $2::date
          AND ($3::timestamptz IS NULL OR (p.received_at, p.request_id) > ($3::timestamptz, $4::text))
        ORDER BY p.received_at, p.request_id
        LIMIT $5`,
      [from, to, after?.at.toISOString() ?? null, after?.id ?? null, pageSize],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      requestId: r.request_id,
      request: r.data,
      receivedAt: new Date(r.received_at),
      decidedAt: new Date(r.decided_at),
      coverageStatus: r.coverage_status,
      coverage: r.coverage,
      decision: r.decision,
    }));
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = { at: new Date(last.received_at), id: last.request_id };
  }
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
  for await (const page of recordedCases(manager, from, to))
    reports.push(replayCases(page, router, calendar));
  return mergeReports(reports);
}
