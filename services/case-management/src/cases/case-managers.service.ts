import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseManagerContact } from '@careflow/contracts';
import { JsonLogger, rowsOf } from '@careflow/platform';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import type { CaseManagementConfig } from '../config';
import { OPEN_CASE_STATUSES } from '../common/actor';

export interface CaseManagerRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  capacity: number;
  active: boolean;
  open_cases: number;
}

/** The development roster (the `sub` of a case manager's token is the id). */
export const DEV_CASE_MANAGERS = [
  {
    id: 'cm-001',
    name: 'Rosa Martinez, RN',
    phone: '248-555-0199',
    email: 'rosa.martinez@careflow.example',
    capacity: 60,
  },
  {
    id: 'cm-002',
    name: 'Daniel Okafor, RN',
    phone: '248-555-0142',
    email: 'daniel.okafor@careflow.example',
    capacity: 60,
  },
  {
    id: 'cm-003',
    name: 'Mei Chen, LCSW',
    phone: '313-555-0175',
    email: 'mei.chen@careflow.example',
    capacity: 45,
  },
  {
    id: 'cm-004',
    name: 'Sarah Whitfield, RN',
    phone: '616-555-0120',
    email: 'sarah.whitfield@careflow.example',
    capacity: 60,
  },
] as const;

export function contactOf(
  row: Pick<CaseManagerRow, 'id' | 'name' | 'phone' | 'email'>,
): CaseManagerContact {
  return { id: row.id, name: row.name, phone: row.phone, email: row.email };
}

/** The roster and caseload-based assignment. */
@Injectable()
export class CaseManagers implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEV_CASE_MANAGERS || this.config.NODE_ENV === 'production') return;
    await this.dataSource.query(
      `INSERT INTO case_managers (id, name, phone, email, capacity)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
       ON CONFLICT (id) DO NOTHING`,
      [
        DEV_CASE_MANAGERS.map((c) => c.id),
        DEV_CASE_MANAGERS.map((c) => c.name),
        DEV_CASE_MANAGERS.map((c) => c.phone),
        DEV_CASE_MANAGERS.map((c) => c.email),
        DEV_CASE_MANAGERS.map((c) => c.capacity),
      ],
    );
    this.logger.info('development case manager roster seeded', { count: DEV_CASE_MANAGERS.length });
  }

  async roster(manager: EntityManager = this.dataSource.manager): Promise<CaseManagerRow[]> {
    const rows: (Omit<CaseManagerRow, 'open_cases'> & { open_cases: string })[] =
      await manager.query(
        `SELECT m.id, m.name, m.phone, m.email, m.capacity, m.active, coalesce(l.n, 0) AS open_cases
         FROM case_managers m
         LEFT JOIN (SELECT case_manager_id, count(*) AS n FROM cases
                     WHERE status = ANY($1::text[]) GROUP BY case_manager_id) l
           ON l.case_manager_id = m.id
        ORDER BY m.id`,
        [OPEN_CASE_STATUSES],
      );
    return rows.map((r) => ({ ...r, open_cases: Number(r.open_cases) }));
  }

  async contacts(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, CaseManagerContact>> {
    if (ids.length === 0) return new Map();
    const rows: CaseManagerRow[] = await manager.query(
      `SELECT id, name, phone, email FROM case_managers WHERE id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, contactOf(r)]));
  }

  /**
   * Assigns `count` new cases: each goes to the active case manager with the lowest caseload
   * relative to capacity (ties by id). When everyone is at capacity (or nobody is active) the case
   * stays unassigned, in the queue supervisors assign from (`GET /case-managers/unassigned-cases`);
   * `ASSIGNMENT_WHEN_FULL=least-loaded` gives it to the least loaded instead.
   */
  async assign(manager: EntityManager, count: number): Promise<(string | null)[]> {
    if (count === 0) return [];
    const active = (await this.roster(manager)).filter((m) => m.active);
    const load = active.map((m) => ({ id: m.id, capacity: m.capacity, open: m.open_cases }));
    const out: (string | null)[] = [];
    for (let i = 0; i < count; i++) {
      let best = load[0];
      for (const m of load) {
        if (best && m.open / m.capacity < best.open / best.capacity) best = m;
      }
      const full = !best || best.open >= best.capacity;
      if (!best || (full && this.config.ASSIGNMENT_WHEN_FULL === 'unassigned')) {
        out.push(null);
        continue;
      }
      best.open += 1;
      out.push(best.id);
    }
    return out;
  }

  /** Adds a case manager to the roster; false when the id is taken. */
  async add(
    manager: EntityManager,
    m: Omit<CaseManagerRow, 'open_cases' | 'active'>,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO case_managers (id, name, phone, email, capacity) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [m.id, m.name, m.phone, m.email, m.capacity],
    );
    return rows.length > 0;
  }

  /** Changes a case manager (deactivate, capacity, contact details); false when unknown. */
  async update(
    manager: EntityManager,
    id: string,
    change: Partial<Pick<CaseManagerRow, 'name' | 'phone' | 'email' | 'capacity' | 'active'>>,
  ): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await manager.query(
        `UPDATE case_managers SET name = coalesce($2, name), phone = CASE WHEN $7 THEN $3 ELSE phone END,
                email = CASE WHEN $8 THEN $4 ELSE email END, capacity = coalesce($5, capacity),
                active = coalesce($6, active)
          WHERE id = $1 RETURNING id`,
        [
          id,
          change.name ?? null,
          change.phone ?? null,
          change.email ?? null,
          change.capacity ?? null,
          change.active ?? null,
          'phone' in change,
          'email' in change,
        ],
      ),
    );
    return rows.length > 0;
  }
}
