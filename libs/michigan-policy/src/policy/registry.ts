import { parseRoutingPolicy } from './parse';
import type { RoutingPolicy } from './schema';

/** Whether `date` (YYYY-MM-DD) falls within the policy's effective window (both ends inclusive). */
export function isPolicyInForce(policy: RoutingPolicy, date: string): boolean {
  return (
    policy.effectiveFrom <= date && (policy.effectiveTo === null || date <= policy.effectiveTo)
  );
}

/** The two days that pick a version: what the request is for and when it is decided. */
export interface DecisionDays {
  /** YYYY-MM-DD: the request's date of service (the version's effective window must hold it). */
  readonly dateOfService: string;
  /** YYYY-MM-DD: the plan-calendar day the decision (or re-decision) is made. */
  readonly decidedOn: string;
}

/**
 * A version as a selector sees it: the policy and the first day decisions may use it (null: any
 * day). The library's registry takes the document's `adoptedOn`; authorization-routing passes the
 * day an administrator activated the version from.
 */
export interface AdoptedPolicy {
  readonly policy: RoutingPolicy;
  readonly adoptedOn: string | null;
}

/**
 * The version that decides a request: among the versions in force on the date of service and
 * adopted on or before the decision day, the one whose window starts last (a later document for
 * later dates of service), and among those starting the same day (revisions of one document for
 * the same dates) the one adopted last. So a revision supersedes the version it revises for every
 * decision made from its adoption on, and a decision made before it is still reproduced by the
 * version it names. Null when none qualifies. Ties cannot occur in a registry (it refuses them);
 * here the later entry in `versions` wins.
 */
export function selectPolicyVersion<T extends AdoptedPolicy>(
  versions: readonly T[],
  days: DecisionDays,
): T | null {
  let chosen: T | null = null;
  for (const v of versions) {
    if (!isPolicyInForce(v.policy, days.dateOfService)) continue;
    if (v.adoptedOn !== null && v.adoptedOn > days.decidedOn) continue;
    if (chosen === null || !precedes(v, chosen)) chosen = v;
  }
  return chosen;
}

/** Whether `a` gives way to `b` (b starts later, or starts the same day and was adopted later). */
function precedes(a: AdoptedPolicy, b: AdoptedPolicy): boolean {
  if (a.policy.effectiveFrom !== b.policy.effectiveFrom) {
    return a.policy.effectiveFrom < b.policy.effectiveFrom;
  }
  return (a.adoptedOn ?? '') < (b.adoptedOn ?? '');
}

const adopted = (policy: RoutingPolicy): AdoptedPolicy => ({
  policy,
  adoptedOn: policy.adoptedOn ?? null,
});

/**
 * Why `policy` cannot join `registered` without making the choice of version ambiguous, or `[]`.
 * Versions starting on the same day must be one line of revisions: each names the one it
 * supersedes (registered first), covers at least its dates of service and is adopted later; no
 * version is revised twice.
 */
export function policySetIssues(
  registered: readonly RoutingPolicy[],
  policy: RoutingPolicy,
): string[] {
  const issues: string[] = [];
  if (registered.some((p) => p.version === policy.version)) {
    return [`Policy version ${policy.version} is already registered`];
  }
  const { supersedes } = policy;
  if (supersedes !== undefined) {
    const previous = registered.find((p) => p.version === supersedes);
    const rival = registered.find((p) => p.supersedes === supersedes);
    if (!previous) {
      issues.push(`${policy.version} supersedes ${supersedes}, which is not registered`);
    } else {
      if (previous.effectiveFrom !== policy.effectiveFrom) {
        issues.push(
          `${policy.version} supersedes ${supersedes} but starts on ${policy.effectiveFrom}, not ${previous.effectiveFrom}: a revision covers the same dates of service`,
        );
      }
      if (policy.effectiveTo !== null && (previous.effectiveTo ?? '9999') > policy.effectiveTo) {
        issues.push(
          `${policy.version} ends on ${policy.effectiveTo}, before ${supersedes} (${previous.effectiveTo ?? 'open-ended'}): a revision covers the dates of service of the version it supersedes`,
        );
      }
      if (previous.adoptedOn !== undefined && (policy.adoptedOn ?? '') <= previous.adoptedOn) {
        issues.push(
          `${policy.version} is adopted on ${policy.adoptedOn ?? '(no day)'}, not after ${supersedes} (${previous.adoptedOn})`,
        );
      }
    }
    if (rival) issues.push(`${rival.version} already supersedes ${supersedes}`);
  }
  const sameStart = registered.filter((p) => p.effectiveFrom === policy.effectiveFrom);
  const head = sameStart.find((p) => !sameStart.some((q) => q.supersedes === p.version));
  if (head && supersedes !== head.version && issues.length === 0) {
    issues.push(
      `Policy versions ${head.version} and ${policy.version} both take effect on ${policy.effectiveFrom}: ` +
        `the version in force would be ambiguous unless ${policy.version} supersedes ${head.version}`,
    );
  }
  return issues;
}

/** A registry refused a version: `issues` says why the set would be ambiguous. */
export class PolicySetError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(issues.join('; '));
    this.name = 'PolicySetError';
  }
}

/**
 * The policy versions a service knows. Versions are validated when registered, so a new version
 * can be loaded from JSON at run time without a release; a set that would make the choice of
 * version ambiguous is refused (`policySetIssues`).
 */
export class PolicyRegistry {
  private readonly byVersionId = new Map<string, RoutingPolicy>();

  constructor(policies: readonly unknown[] = []) {
    for (const p of policies) this.register(p);
  }

  /** Validates and adds a policy version; throws on an invalid document or an ambiguous set. */
  register(document: unknown): RoutingPolicy {
    const policy = parseRoutingPolicy(document);
    const issues = policySetIssues([...this.byVersionId.values()], policy);
    if (issues.length > 0) throw new PolicySetError(issues);
    this.byVersionId.set(policy.version, policy);
    return policy;
  }

  /** The version that decides a request for `days` (see `selectPolicyVersion`), or null. */
  versionFor(days: DecisionDays): RoutingPolicy | null {
    return selectPolicyVersion([...this.byVersionId.values()].map(adopted), days)?.policy ?? null;
  }

  /** A version by its id: re-runs a decision with the version it names. */
  byVersion(version: string): RoutingPolicy | null {
    return this.byVersionId.get(version) ?? null;
  }

  /** All versions, oldest effective date first, then by adoption. */
  list(): RoutingPolicy[] {
    return [...this.byVersionId.values()].sort((a, b) =>
      precedes(adopted(a), adopted(b)) ? -1 : precedes(adopted(b), adopted(a)) ? 1 : 0,
    );
  }
}
