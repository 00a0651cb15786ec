import { randomUUID } from 'node:crypto';
import type { PaRequested, PaRoutingDecision, PlanCalendar } from '@careflow/contracts';
import {
  computeDueBy,
  memberCoverageOf,
  type MemberCoverage,
  type PolicyRouter,
  type RoutingDecision,
} from '@careflow/michigan-policy';

/** How the member's coverage on the date of service was found. */
export type CoverageFinding =
  | { status: 'covered'; coverage: MemberCoverage }
  | { status: 'no-coverage' }
  | { status: 'never-received'; waitedMs: number };

export type CoverageStatus = CoverageFinding['status'];

/** A decision with what the service keeps beside it (the coverage used and the deadline). */
export interface DecisionRecord {
  readonly decision: PaRoutingDecision;
  /**
   * The CloudEvents id the decision is published with, chosen before publishing so that it is
   * stored with the decision (a later decision that supersedes it names it).
   */
  readonly eventId: string;
  readonly coverageStatus: CoverageStatus;
  readonly coverage: MemberCoverage | null;
  readonly deadline: { readonly regimeId: string; readonly source: string } | null;
}

/** The fields of a published coverage span the routing policy reads (the library's). */
export const toMemberCoverage = memberCoverageOf;

/**
 * The reason a re-decision adds when a policy version other than the replaced decision's decides
 * it (a revision adopted since): both ids are named, so the earlier decision can still be re-run.
 */
export function versionChangeReason(previousVersion: string, version: string): string | null {
  if (previousVersion === version) return null;
  return `Decided again with policy ${version}, the version deciding requests for this date of service today; the decision it replaces was made with ${previousVersion}, which still reproduces that decision.`;
}

/**
 * Assembles the published decision of one request: the policy router decides (no routing logic
 * here), the deadline regime of the library gives `dueBy` (null when there is no utilization
 * management decision to make: not-eligible). A request whose coverage never arrived is
 * not-eligible with the router's own reason and rule id for it.
 */
export function assembleDecision(
  router: PolicyRouter,
  request: PaRequested,
  receivedAt: Date,
  finding: CoverageFinding,
  calendar: PlanCalendar,
): DecisionRecord {
  const coverage = finding.status === 'covered' ? finding.coverage : null;
  // A member eligibility never published is not-eligible for that reason (the router says so
  // and traces it), not for "no coverage on the date of service".
  const routed: RoutingDecision = router.route({
    request,
    coverage,
    ...(finding.status === 'never-received'
      ? { coverageNeverReceived: { waitedMs: finding.waitedMs } }
      : {}),
  });
  let deadline: DecisionRecord['deadline'] = null;
  let dueBy: string | null = null;
  if (coverage !== null && routed.outcome !== 'not-eligible') {
    try {
      const due = computeDueBy(
        {
          lineOfBusiness: coverage.lineOfBusiness,
          fundingType: coverage.fundingType,
          benefit: request.benefit,
          urgency: request.urgency,
        },
        receivedAt,
        calendar,
      );
      dueBy = due.dueBy;
      deadline = { regimeId: due.regimeId, source: due.source };
    } catch {
      // No regime governs this combination: the decision carries no deadline.
      dueBy = null;
    }
  }
  return {
    decision: {
      requestId: request.requestId,
      memberId: request.memberId,
      outcome: routed.outcome,
      vendor: routed.vendor ? { id: routed.vendor.id, name: routed.vendor.name } : null,
      submissionChannel: routed.submissionChannel,
      instructions: routed.instructions,
      reasons: [...routed.reasons],
      ruleTrace: [...routed.ruleTrace],
      policyVersion: routed.policyVersion,
      dueBy,
      resources: routed.resources.map((r) => ({ title: r.title, url: r.url })),
      supersedes: null,
    },
    eventId: randomUUID(),
    coverageStatus: finding.status,
    coverage,
    deadline,
  };
}
