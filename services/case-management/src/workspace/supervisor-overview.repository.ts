import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface CaseloadLoad {
  caseManagerId: string;
  name: string;
  capacity: number;
  active: boolean;
  openCases: number;
  overdueAssessments: number;
}

export interface WeeklyIdentifications {
  /** The Monday the week starts on, in the plan's time zone. */
  weekStart: string;
  opened: number;
}

export interface CriterionIdentifications {
  criterion: string;
  opened: number;
}

/** Counts for the supervisor view; no member appears in them. */
@Injectable()
export class SupervisorOverviewRepository {
  /** Every case manager on the roster with their open cases and overdue assessments. */
  async caseloads(manager: EntityManager): Promise<CaseloadLoad[]> {
    const rows: {
      id: string;
      name: string;
      capacity: number;
      active: boolean;
      open_cases: string;
      overdue: string;
    }[] = await manager.query(
      `SELECT m.id, m.name, m.capacity, m.active,
              count(c.case_id) AS open_cases,
              count(c.case_id) FILTER (WHERE c.assessment_overdue) AS overdue
         FROM case_managers m
         LEFT JOIN cases c ON c.case_manager_id = m.id AND c.status <> 'closed'
        GROUP BY m.id ORDER BY count(c.case_id) DESC, m.id`,
    );
    return rows.map((r) => ({
      caseManagerId: r.id,
      name: r.name,
      capacity: r.capacity,
      active: r.active,
      openCases: Number(r.open_cases),
      overdueAssessments: Number(r.overdue),
    }));
  }

  async unassignedOpenCases(manager: EntityManager): Promise<number> {
    const rows: { n: string }[] = await manager.query(
      `SELECT count(*) AS n FROM cases WHERE case_manager_id IS NULL AND status <> 'closed'`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Cases opened since `since`, by week (Monday start) in `timeZone`. */
  async identificationsPerWeek(
    manager: EntityManager,
    since: Date,
    timeZone: string,
  ): Promise<WeeklyIdentifications[]> {
    const rows: { week_start: string; opened: string }[] = await manager.query(
      `SELECT to_char(date_trunc('week', opened_at AT TIME ZONE $2), 'YYYY-MM-DD') AS week_start,
              count(*) AS opened
         FROM cases WHERE opened_at >= $1
        GROUP BY 1 ORDER BY 1`,
      [since, timeZone],
    );
    return rows.map((r) => ({ weekStart: r.week_start, opened: Number(r.opened) }));
  }

  /** Cases opened since `since` per criterion met (a case meeting two counts for both). */
  async identificationsPerCriterion(
    manager: EntityManager,
    since: Date,
  ): Promise<CriterionIdentifications[]> {
    const rows: { criterion: string; opened: string }[] = await manager.query(
      `SELECT criterion, count(*) AS opened
         FROM cases, unnest(criteria_met) AS criterion
        WHERE opened_at >= $1
        GROUP BY criterion ORDER BY count(*) DESC, criterion`,
      [since],
    );
    return rows.map((r) => ({ criterion: r.criterion, opened: Number(r.opened) }));
  }
}
