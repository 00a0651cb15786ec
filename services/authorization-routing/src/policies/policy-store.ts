import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { describeError } from '@careflow/messaging';
import {
  BUILT_IN_POLICIES,
  compileRoutingPolicy,
  parseRoutingPolicy,
  type HcpcsReference,
  type PolicyRouter,
} from '@careflow/michigan-policy';
import { JsonLogger } from '@careflow/platform';
import { DRUG_CLASS_REFERENCE } from '../tokens';
import { PolicyVersionRepository, type ActiveVersion } from './policy-version.repository';

/** The version in force on `date`: the latest activation date on or before it (pure). */
export function versionInForce(active: readonly ActiveVersion[], date: string): string | null {
  let found: ActiveVersion | null = null;
  for (const v of active) {
    if (v.activeFrom > date) continue;
    if (
      found === null ||
      v.activeFrom > found.activeFrom ||
      (v.activeFrom === found.activeFrom && v.activatedAt > found.activatedAt)
    ) {
      found = v;
    }
  }
  return found?.version ?? null;
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
  private active: ActiveVersion[] = [];

  constructor(
    @Inject(PolicyVersionRepository) private readonly versions: PolicyVersionRepository,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(DRUG_CLASS_REFERENCE) private readonly drugReference: HcpcsReference,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.seed();
    await this.refresh();
  }

  /** Inserts the bundled versions, active from their own effective date; idempotent. */
  async seed(): Promise<void> {
    for (const policy of BUILT_IN_POLICIES) await this.versions.seedBundled(policy);
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
    this.active = active.filter((v) => this.routers.has(v.version));
  }

  /**
   * The compiled router of the version in force on `date` (YYYY-MM-DD, the request's received
   * day). Before the first activation, the earliest active version is used: its own effective
   * window then decides (manual review when it is not in force).
   */
  routerOn(date: string): PolicyRouter {
    const version =
      versionInForce(this.active, date) ??
      [...this.active].sort((a, b) => a.activeFrom.localeCompare(b.activeFrom))[0]?.version;
    const router = version ? this.routers.get(version) : undefined;
    if (!router) throw new Error('no routing policy version is active');
    return router;
  }
}
