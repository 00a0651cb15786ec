import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { parseRoutingPolicy, type RoutingPolicy } from '@careflow/michigan-policy';

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

/** A stored version with its policy document. */
export interface StoredPolicyVersion {
  readonly row: PolicyVersionRow;
  readonly policy: RoutingPolicy;
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

/**
 * Routing policy versions (`policy_versions`): the document of each, whether it is a candidate or
 * active and from which day, and who added and activated it.
 */
@Injectable()
export class PolicyVersionRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Inserts a bundled version, active from its adoption day (else its effective date); idempotent.
   * A stored bundled row whose document differs from the library's gets the library's back
   * (`document-restored`); a row of that id added over HTTP is left alone (`taken`).
   */
  async seedBundled(
    policy: RoutingPolicy,
  ): Promise<'inserted' | 'unchanged' | 'document-restored' | 'taken'> {
    const rows: { inserted: boolean; origin: string }[] = await this.dataSource.query(
      `INSERT INTO policy_versions (version, document, status, active_from, origin, created_by, activated_at, activated_by)
       VALUES ($1, $2::jsonb, 'active', $3::date, 'bundled', 'system', now(), 'system')
       ON CONFLICT (version) DO UPDATE SET document = EXCLUDED.document
        WHERE policy_versions.origin = 'bundled' AND policy_versions.document <> EXCLUDED.document
       RETURNING (xmax = 0) AS inserted, origin`,
      [policy.version, JSON.stringify(policy), policy.adoptedOn ?? policy.effectiveFrom],
    );
    const row = rows[0];
    if (row) return row.inserted ? 'inserted' : 'document-restored';
    const [existing]: { origin: string }[] = await this.dataSource.query(
      `SELECT origin FROM policy_versions WHERE version = $1`,
      [policy.version],
    );
    return existing?.origin === 'bundled' ? 'unchanged' : 'taken';
  }

  async activeVersions(): Promise<ActiveVersion[]> {
    const rows: { version: string; active_from: string; activated_at: Date }[] =
      await this.dataSource.query(
        `SELECT version, to_char(active_from, 'YYYY-MM-DD') AS active_from, activated_at
           FROM policy_versions WHERE status = 'active'`,
      );
    return rows.map((r) => ({
      version: r.version,
      activeFrom: r.active_from,
      activatedAt: r.activated_at,
    }));
  }

  /** The stored documents of these versions. */
  async documentsOf(
    versions: readonly string[],
  ): Promise<{ version: string; document: unknown }[]> {
    return this.dataSource.query(
      `SELECT version, document FROM policy_versions WHERE version = ANY($1::text[])`,
      [versions],
    );
  }

  async list(): Promise<PolicyVersionRow[]> {
    const rows: DbVersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM policy_versions ORDER BY active_from NULLS LAST, created_at`,
    );
    return rows.map(toRow);
  }

  async get(version: string): Promise<StoredPolicyVersion | null> {
    const rows: (DbVersionRow & { document: unknown })[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS}, document FROM policy_versions WHERE version = $1`,
      [version],
    );
    const row = rows[0];
    return row ? { row: toRow(row), policy: parseRoutingPolicy(row.document) } : null;
  }

  /** Stores a validated policy as a candidate; false when the version id is taken. */
  async addCandidate(
    manager: EntityManager,
    policy: RoutingPolicy,
    actor: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO policy_versions (version, document, status, origin, created_by)
       VALUES ($1, $2::jsonb, 'candidate', 'api', $3)
       ON CONFLICT (version) DO NOTHING RETURNING version`,
      [policy.version, JSON.stringify(policy), actor],
    );
    return rows.length > 0;
  }

  /** Runs `work` in a transaction that activations of every instance take one at a time. */
  async inActivationLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('policy-activation'))`);
      return work(manager);
    });
  }

  /** Another active version that starts on `activeFrom`, if any. */
  async activeFromSameDay(
    manager: EntityManager,
    activeFrom: string,
    exceptVersion: string,
  ): Promise<string | null> {
    const rows: { version: string }[] = await manager.query(
      `SELECT version FROM policy_versions
        WHERE status = 'active' AND active_from = $1::date AND version <> $2`,
      [activeFrom, exceptVersion],
    );
    return rows[0]?.version ?? null;
  }

  /** The active version (another than `exceptVersion`) for dates of service from `effectiveFrom` activated from the latest day. */
  async latestActiveForWindow(
    manager: EntityManager,
    effectiveFrom: string,
    exceptVersion: string,
  ): Promise<{ version: string; activeFrom: string } | null> {
    const rows: { version: string; active_from: string }[] = await manager.query(
      `SELECT version, to_char(active_from, 'YYYY-MM-DD') AS active_from FROM policy_versions
        WHERE status = 'active' AND document->>'effectiveFrom' = $1 AND version <> $2
        ORDER BY active_from DESC LIMIT 1`,
      [effectiveFrom, exceptVersion],
    );
    const row = rows[0];
    return row ? { version: row.version, activeFrom: row.active_from } : null;
  }

  /** Marks the version active from `activeFrom`; null when it does not exist. */
  async markActive(
    manager: EntityManager,
    version: string,
    activeFrom: string,
    actor: string,
  ): Promise<PolicyVersionRow | null> {
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
    return row ? toRow(row) : null;
  }
}

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
