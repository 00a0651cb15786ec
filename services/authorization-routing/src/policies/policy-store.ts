import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { describeError } from '@careflow/messaging';
import {
  BUILT_IN_POLICIES,
  compileRoutingPolicy,
  parseRoutingPolicy,
  selectPolicyVersion,
  type AdoptedPolicy,
  type DecisionDays,
  type HcpcsReference,
  type PolicyRouter,
} from '@careflow/michigan-policy';
import { JsonLogger } from '@careflow/platform';
import { DRUG_CLASS_REFERENCE } from '../tokens';
import { PolicyVersionRepository } from './policy-version.repository';

/** An active version as the store selects it: adopted from the day it was activated from. */
export interface ActiveRouter extends AdoptedPolicy {
  readonly router: PolicyRouter;
}

/**
 * The version deciding a request (pure): the library's rule (`selectPolicyVersion`) over the
 * active versions, each adopted from the day it was activated from. So a version activated later
 * for the same dates of service supersedes the one before it for every decision from that day,
 * new requests and re-decisions alike. When none is in force on the date of service, the version
 * adopted last (its window then answers manual review); before the first activation day, the
 * earliest one.
 */
export function routerFor(
  active: readonly ActiveRouter[],
  days: DecisionDays,
): ActiveRouter | null {
  const selected = selectPolicyVersion(active, days);
  if (selected) return selected;
  const byAdoption = [...active].sort((a, b) =>
    (a.adoptedOn ?? '').localeCompare(b.adoptedOn ?? ''),
  );
  const adopted = byAdoption.filter((v) => (v.adoptedOn ?? '') <= days.decidedOn);
  return adopted.at(-1) ?? byAdoption[0] ?? null;
}

/**
 * The routers of the policy versions in force. Versions are data (PolicyVersionRepository):
 * seeded from the library's bundled versions at start, added as candidates and activated over
 * HTTP. The versions in force are cached in memory with their compiled routers, so routing a
 * request never reads the table; the cache is refreshed on every local change and periodically
 * (changes made by other instances).
 */
@Injectable()
export class PolicyStore implements OnModuleInit {
  private readonly routers = new Map<string, PolicyRouter>();
  private active: ActiveRouter[] = [];

  constructor(
    @Inject(PolicyVersionRepository) private readonly versions: PolicyVersionRepository,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(DRUG_CLASS_REFERENCE) private readonly drugReference: HcpcsReference,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.seed();
    await this.refresh();
  }

  /**
   * Inserts the bundled versions, active from their adoption day (else their effective date);
   * idempotent. A bundled version's stored document is the library's: one stored by an older
   * release (mi-um-2025.1 as changed in place before 2025.2 was cut) is put back and logged.
   */
  async seed(): Promise<void> {
    for (const policy of BUILT_IN_POLICIES) {
      const outcome = await this.versions.seedBundled(policy);
      if (outcome === 'document-restored') {
        this.logger.warn('bundled policy version document restored to the library copy', {
          version: policy.version,
        });
      } else if (outcome === 'taken') {
        this.logger.warn('a bundled policy version id is held by a version added over HTTP', {
          version: policy.version,
        });
      }
    }
  }

  /** Re-reads the active versions and compiles the ones not compiled yet. */
  async refresh(): Promise<void> {
    const active = await this.versions.activeVersions();
    const missing = active.map((v) => v.version).filter((v) => !this.routers.has(v));
    if (missing.length > 0) {
      for (const doc of await this.versions.documentsOf(missing)) {
        try {
          this.routers.set(
            doc.version,
            compileRoutingPolicy(parseRoutingPolicy(doc.document), {
              drugReference: this.drugReference,
            }),
          );
        } catch (error) {
          this.logger.error('stored policy version does not compile; it is not used', {
            version: doc.version,
            ...describeError(error),
          });
        }
      }
    }
    this.active = active.flatMap((v) => {
      const router = this.routers.get(v.version);
      return router ? [{ policy: router.policy, adoptedOn: v.activeFrom, router }] : [];
    });
  }

  /** The version `selectPolicyVersion` picks for `days`, or null (no fallback). */
  versionFor(days: DecisionDays): string | null {
    return selectPolicyVersion(this.active, days)?.policy.version ?? null;
  }

  /** The compiled router of the version deciding a request on `days` (see `routerFor`). */
  routerOn(days: DecisionDays): PolicyRouter {
    const found = routerFor(this.active, days);
    if (!found) throw new Error('no routing policy version is active');
    return found.router;
  }
}
