import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseManagerContact } from '@careflow/contracts';
import { JsonLogger } from '@careflow/platform';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import type { CaseManagementConfig } from '../config';
import { OPEN_CASE_STATUSES } from '../common/actor';
import {
  CaseManagerRepository,
  type CaseManager,
  type CaseManagerChange,
  type NewCaseManager,
} from './case-managers.repository';

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

/** The roster and caseload-based assignment. */
@Injectable()
export class CaseManagers implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CASE_MANAGEMENT_CONFIG) private readonly config: CaseManagementConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(CaseManagerRepository) private readonly repository: CaseManagerRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEV_CASE_MANAGERS || this.config.NODE_ENV === 'production') return;
    await this.repository.addAll(this.dataSource.manager, DEV_CASE_MANAGERS);
    this.logger.info('development case manager roster seeded', { count: DEV_CASE_MANAGERS.length });
  }

  async roster(manager: EntityManager = this.dataSource.manager): Promise<CaseManager[]> {
    return this.repository.roster(manager, OPEN_CASE_STATUSES);
  }

  async contacts(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, CaseManagerContact>> {
    return this.repository.contacts(manager, ids);
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
    const load = active.map((m) => ({ id: m.id, capacity: m.capacity, open: m.openCases }));
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
  async add(manager: EntityManager, m: NewCaseManager): Promise<boolean> {
    return (await this.repository.addAll(manager, [m])) > 0;
  }

  /** Changes a case manager (deactivate, capacity, contact details); false when unknown. */
  async update(manager: EntityManager, id: string, change: CaseManagerChange): Promise<boolean> {
    return this.repository.update(manager, id, change);
  }
}
