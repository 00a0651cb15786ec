import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseManagerContact, CaseStatus } from '@careflow/contracts';
import { rowsOf } from '@careflow/platform';

/** A case manager of the roster, with their open caseload. */
export interface CaseManager {
  readonly id: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly capacity: number;
  readonly active: boolean;
  readonly openCases: number;
}

export type NewCaseManager = Omit<CaseManager, 'openCases' | 'active'>;
export type CaseManagerChange = Partial<
  Pick<CaseManager, 'name' | 'phone' | 'email' | 'capacity' | 'active'>
>;

export function contactOf(
  m: Pick<CaseManager, 'id' | 'name' | 'phone' | 'email'>,
): CaseManagerContact {
  return { id: m.id, name: m.name, phone: m.phone, email: m.email };
}

/** The roster (`case_managers`). */
@Injectable()
export class CaseManagerRepository {
  /** Every case manager by id, with their cases in `openStatuses` counted. */
  async roster(
    manager: EntityManager,
    openStatuses: readonly CaseStatus[],
  ): Promise<CaseManager[]> {
    const rows: {
      id: string;
      name: string;
      phone: string | null;
      email: string | null;
      capacity: number;
      active: boolean;
      open_cases: string;
    }[] = await manager.query(
      `SELECT m.id, m.name, m.phone, m.email, m.capacity, m.active, coalesce(l.n, 0) AS open_cases
         FROM case_managers m
         LEFT JOIN (SELECT case_manager_id, count(*) AS n FROM cases
                     WHERE status = ANY($1::text[]) GROUP BY case_manager_id) l
           ON l.case_manager_id = m.id
        ORDER BY m.id`,
      [openStatuses],
    );
    return rows.map(({ open_cases, ...m }) => ({ ...m, openCases: Number(open_cases) }));
  }

  async contacts(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, CaseManagerContact>> {
    if (ids.length === 0) return new Map();
    const rows: CaseManagerContact[] = await manager.query(
      `SELECT id, name, phone, email FROM case_managers WHERE id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, contactOf(r)]));
  }

  /** Adds the case managers whose ids are free; answers how many were added. */
  async addAll(manager: EntityManager, added: readonly NewCaseManager[]): Promise<number> {
    if (added.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO case_managers (id, name, phone, email, capacity)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        added.map((c) => c.id),
        added.map((c) => c.name),
        added.map((c) => c.phone),
        added.map((c) => c.email),
        added.map((c) => c.capacity),
      ],
    );
    return rows.length;
  }

  /** Changes a case manager; false when unknown. */
  async update(manager: EntityManager, id: string, change: CaseManagerChange): Promise<boolean> {
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
