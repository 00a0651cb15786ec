import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseCommand } from '@careflow/platform';
import { PlanToday } from '../../common/plan-today';
import {
  SupervisorOverviewRepository,
  type CaseloadLoad,
  type CriterionIdentifications,
  type WeeklyIdentifications,
} from '../supervisor-overview.repository';

export const viewSupervisorOverviewQuery = z.strictObject({ weeks: z.int().min(1).max(52) });

export interface SupervisorOverview {
  asOf: string;
  since: Date;
  caseloads: CaseloadLoad[];
  unassignedOpenCases: number;
  identificationsPerWeek: WeeklyIdentifications[];
  identificationsPerCriterion: CriterionIdentifications[];
}

const WEEK_MS = 7 * 86_400_000;

/** Load per case manager, overdue work, the unassigned queue, and identifications over `weeks`. */
@Injectable()
export class ViewSupervisorOverview {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SupervisorOverviewRepository) private readonly overview: SupervisorOverviewRepository,
    @Inject(PlanToday) private readonly today: PlanToday,
  ) {}

  async execute(input: z.input<typeof viewSupervisorOverviewQuery>): Promise<SupervisorOverview> {
    const { weeks } = parseCommand(viewSupervisorOverviewQuery, input, 'view-supervisor-overview');
    const since = new Date(this.today.now().getTime() - weeks * WEEK_MS);
    const manager = this.dataSource.manager;
    const [caseloads, unassignedOpenCases, perWeek, perCriterion] = await Promise.all([
      this.overview.caseloads(manager),
      this.overview.unassignedOpenCases(manager),
      this.overview.identificationsPerWeek(manager, since, this.today.calendar.timeZone),
      this.overview.identificationsPerCriterion(manager, since),
    ]);
    return {
      asOf: this.today.date(),
      since,
      caseloads,
      unassignedOpenCases,
      identificationsPerWeek: perWeek,
      identificationsPerCriterion: perCriterion,
    };
  }
}
