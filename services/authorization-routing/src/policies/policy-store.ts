import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError } from '@careflow/messaging';
import {
  BUILT_IN_POLICIES,
  compileRoutingPolicy,
  parseRoutingPolicy,
  type HcpcsReference,
  type PolicyRouter,
  type RoutingPolicy,
} from '@careflow/michigan-policy';
import { JsonLogger } from '@careflow/platform';
import { DRUG_CLASS_REFERENCE } from '../tokens';

export interface ActiveVersion {
  readonly version: string;
  /** YYYY-MM-DD: the version is in force from this day until a later activation supersedes it. */
  readonly activeFrom: string;
  readonly activatedAt: Date;
}

export interface PolicyVersionRow {
  readonly version: string;
  readonly status: 'candidate' | 'active';
  readonly activeFrom: string | null;
  readonly origin: 'bundled' | 'api';
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly activatedAt: Date | null;
  readonly activatedBy: string | null;
}

interface DbVersionRow {
  version: string;
  status: 'candidate' | 'active';
  active_from: string | null;
  origin: 'bundled' | 'api';
  created_at: Date;
  created_by: string;
  activated_at: Date | null;
  activated_by: string | null;
}

const VERSION_COLUMNS = `version, status, to_char(active_from, 'YYYY-MM-DD') AS active_from, origin, created_at, created_by, activated_at, activated_by`;

function toRow(r: DbVersionRow): PolicyVersionRow {
  return {
    version: r.version,
    status: r.status,
    activeFrom: r.active_from,
    origin: r.origin,
    createdAt: r.created_at,
    createdBy: r.created_by,
    activatedAt: r.activated_at,
    activatedBy: r.activated_by,
  };
}

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
 * Policy versions are data (`policy_versions`): seeded from the library's bundled versions at
 * start, added as candidates and activated over HTTP. The versions in force are cached in
 * memory with their compiled routers, so routing a request never reads the table; the cache is
 * refreshed on every local change and periodically (changes made by other instances).
 */
@Injectable()
export class PolicyStore implements OnModuleInit {
  private readonly routers = new Map<string, PolicyRouter>();
  private active: ActiveVersion[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(DRUG_CLASS_REFERENCE) private readonly drugReference: HcpcsReference,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.seed();
    await this.refresh();
  }

  /** Inserts the bundled versions, active from their own effective date; idempotent. */
  async seed(): Promise<void> {
    for (const policy of BUILT_IN_POLICIES) {
      await this.dataSource.query(
        `INSERT INTO policy_versions (version, document, status, active_from, origin, created_by, activated_at, activated_by)
         VALUES ($1, $2::jsonb, 'active', $3::date, 'bundled', 'system', now(), 'system')
         ON CONFLICT (version) DO NOTHING`,
        [policy.version, JSON.stringify(policy), policy.effectiveFrom],
      );
    }
  }

  /** Re-reads the active versions and compiles the ones not compiled yet. */
  async refresh(): Promise<void> {
    const rows: { version: string; active_from: string; activated_at: Date }[] =
      await this.dataSource.query(
        `SELECT version, to_char(active_from, 'YYYY-MM-DD') AS active_from, activated_at
           FROM policy_versions WHERE status = 'active'`,
      );
    const missing = rows.map((r) => r.version).filter((v) => !this.routers.has(v));
    if (missing.length > 0) {
      const docs: { version: string; document: unknown }[] = await this.dataSource.query(
        `SELECT version, document FROM policy_versions WHERE version = ANY($1::text[])`,
        [missing],
      );
      for (const doc of docs) {
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
    this.active = rows
      .filter((r) => this.routers.has(r.version))
      .map((r) => ({ version: r.version, activeFrom: r.active_from, activatedAt: r.activated_at }));
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

  /** The version in force on `date` with its document, or null. */
  async inForceOn(date: string): Promise<{ row: PolicyVersionRow; policy: RoutingPolicy } | null> {
    const rows: (DbVersionRow & { document: unknown })[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS}, document FROM policy_versions
        WHERE status = 'active' AND active_from <= $1::date
        ORDER BY active_from DESC, activated_at DESC LIMIT 1`,
      [date],
    );
    const row = rows[0];
    if (!row) return null;
    return { row: toRow(row), policy: parseRoutingPolicy(row.document) };
  }

  async list(): Promise<PolicyVersionRow[]> {
    const rows: DbVersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM policy_versions ORDER BY active_from NULLS LAST, created_at`,
    );
    return rows.map(toRow);
  }

  async get(version: string): Promise<{ row: PolicyVersionRow; policy: RoutingPolicy } | null> {
    const rows: (DbVersionRow & { document: unknown })[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS}, document FROM policy_versions WHERE version = $1`,
      [version],
    );
    const row = rows[0];
    return row ? { row: toRow(row), policy: parseRoutingPolicy(row.document) } : null;
  }

  /** Stores a validated policy as a candidate; false when the version id is taken. */
  async addCandidate(policy: RoutingPolicy, actor: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO policy_versions (version, document, status, origin, created_by)
       VALUES ($1, $2::jsonb, 'candidate', 'api', $3)
       ON CONFLICT (version) DO NOTHING RETURNING version`,
      [policy.version, JSON.stringify(policy), actor],
    );
    return rows.length > 0;
  }

  /**
   * Puts a version in force from `activeFrom`. Answers the clash when another active version
   * already starts that day (which one is in force would be ambiguous).
   */
  async activate(
    version: string,
    activeFrom: string,
    actor: string,
  ): Promise<{ ok: true; row: PolicyVersionRow } | { ok: false; clashWith: string }> {
    const result = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('policy-activation'))`);
      const clash: { version: string }[] = await manager.query(
        `SELECT version FROM policy_versions
          WHERE status = 'active' AND active_from = $1::date AND version <> $2`,
        [activeFrom, version],
      );
      if (clash[0]) return { ok: false as const, clashWith: clash[0].version };
      const rows: DbVersionRow[] = await manager.query(
        // A CTE, so the driver answers rows (TypeORM answers [rows, count] for a bare UPDATE).
        `WITH updated AS (
           UPDATE policy_versions
              SET status = 'active', active_from = $2::date, activated_at = now(), activated_by = $3
            WHERE version = $1
           RETURNING *)
         SELECT ${VERSION_COLUMNS} FROM updated`,
        [version, activeFrom, actor],
      );
      const row = rows[0];
      if (!row) throw new Error(`policy version ${version} vanished during activation`);
      return { ok: true as const, row: toRow(row) };
    });
    await this.refresh();
    return result;
  }
}
