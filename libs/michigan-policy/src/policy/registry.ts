import { parseRoutingPolicy } from './parse';
import type { RoutingPolicy } from './schema';

/** Whether `date` (YYYY-MM-DD) falls within the policy's effective window (both ends inclusive). */
export function isPolicyInForce(policy: RoutingPolicy, date: string): boolean {
  return (
    policy.effectiveFrom <= date && (policy.effectiveTo === null || date <= policy.effectiveTo)
  );
}

/**
 * The policy version in force on `date` (YYYY-MM-DD), or null when none is. When versions overlap,
 * the one that took effect last supersedes the others.
 */
export function selectActivePolicy(
  policies: readonly RoutingPolicy[],
  date: string,
): RoutingPolicy | null {
  let active: RoutingPolicy | null = null;
  for (const policy of policies) {
    if (!isPolicyInForce(policy, date)) continue;
    if (active === null || policy.effectiveFrom > active.effectiveFrom) active = policy;
  }
  return active;
}

/**
 * The policy versions a service knows. Versions are validated when registered, so a new version
 * can be loaded from JSON at run time without a release.
 */
export class PolicyRegistry {
  private readonly byVersionId = new Map<string, RoutingPolicy>();

  constructor(policies: readonly unknown[] = []) {
    for (const p of policies) this.register(p);
  }

  /** Validates and adds a policy version; throws on an invalid document or a clash. */
  register(document: unknown): RoutingPolicy {
    const policy = parseRoutingPolicy(document);
    if (this.byVersionId.has(policy.version)) {
      throw new Error(`Policy version ${policy.version} is already registered`);
    }
    const clash = [...this.byVersionId.values()].find(
      (p) => p.effectiveFrom === policy.effectiveFrom,
    );
    if (clash) {
      throw new Error(
        `Policy versions ${clash.version} and ${policy.version} both take effect on ${policy.effectiveFrom}: ` +
          'the version in force on that date would be ambiguous',
      );
    }
    this.byVersionId.set(policy.version, policy);
    return policy;
  }

  /** The version in force on `date` (YYYY-MM-DD), or null. */
  activeOn(date: string): RoutingPolicy | null {
    return selectActivePolicy([...this.byVersionId.values()], date);
  }

  byVersion(version: string): RoutingPolicy | null {
    return this.byVersionId.get(version) ?? null;
  }

  /** All versions, oldest effective date first. */
  list(): RoutingPolicy[] {
    return [...this.byVersionId.values()].sort((a, b) =>
      a.effectiveFrom.localeCompare(b.effectiveFrom),
    );
  }
}
