import type { CoverageSpan, PaRequested, PaRoutingDecision } from '@careflow/contracts';
import {
  computeDueBy,
  type MemberCoverage,
  type PolicyRouter,
  type RoutingDecision,
} from '@careflow/michigan-policy';

/** Rule-trace id of a request decided after its member's coverage never arrived. */
export const COVERAGE_NEVER_RECEIVED = 'coverage.never-received';
/** Rule-trace id of a simulation for a member whose coverage was never received. */
export const COVERAGE_UNKNOWN_MEMBER = 'coverage.unknown-member';

/** How the member's coverage on the date of service was found. */
export type CoverageFinding =
  | { status: 'covered'; coverage: MemberCoverage }
  | { status: 'no-coverage' }
  | { status: 'never-received'; waitedMs: number };

export type CoverageStatus = CoverageFinding['status'];

/** A decision with what the service keeps beside it (the coverage used and the deadline). */
export interface DecisionRecord {
  readonly decision: PaRoutingDecision;
  readonly coverageStatus: CoverageStatus;
  readonly coverage: MemberCoverage | null;
  readonly deadline: { readonly regimeId: string; readonly source: string } | null;
}

/** The fields of a published coverage span the routing policy reads. */
export function toMemberCoverage(span: CoverageSpan): MemberCoverage {
  return {
    lineOfBusiness: span.lineOfBusiness,
    fundingType: span.fundingType,
    group: span.group ? { id: span.group.id, name: span.group.name } : null,
    pharmacyBenefitAdministrator: span.pharmacyBenefitAdministrator,
    effectiveDate: span.effectiveDate,
    terminationDate: span.terminationDate,
  };
}

function minutes(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/**
 * Assembles the published decision of one request: the policy router decides (no routing logic
 * here), the deadline regime of the library gives `dueBy` (null when there is no utilization
 * management decision to make: not-eligible), and a request whose coverage never arrived is
 * not-eligible with a reason that says so.
 */
export function assembleDecision(
  router: PolicyRouter,
  request: PaRequested,
  receivedAt: Date,
  finding: CoverageFinding,
): DecisionRecord {
  const coverage = finding.status === 'covered' ? finding.coverage : null;
  const routed: RoutingDecision = router.route({ request, coverage });
  let reasons = routed.reasons;
  let ruleTrace = routed.ruleTrace;
  if (finding.status === 'never-received') {
    // The router's first not-eligible reason says "no coverage on the date of service"; the
    // truth is that eligibility never published the member while the request was held.
    reasons = [
      `No coverage for the member was received from eligibility while the request was held (${minutes(finding.waitedMs)}), so coverage on the date of service ${request.dateOfService} cannot be confirmed.`,
      ...routed.reasons.slice(1),
    ];
    ruleTrace = [COVERAGE_NEVER_RECEIVED];
  }
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
      reasons: [...reasons],
      ruleTrace: [...ruleTrace],
      policyVersion: routed.policyVersion,
      dueBy,
      resources: routed.resources.map((r) => ({ title: r.title, url: r.url })),
    },
    coverageStatus: finding.status,
    coverage,
    deadline,
  };
}
