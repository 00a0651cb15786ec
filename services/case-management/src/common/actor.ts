import { z } from 'zod';
import { OPEN_CASE_STATUSES, type Principal } from '@careflow/platform';

/** Who did something to a case: a person (from their token) or the service itself. */
export interface Actor {
  readonly id: string;
  readonly name: string;
}

/** An actor as a use case's command names it. */
export const actorSchema = z.object({ id: z.string().min(1).max(200), name: z.string().max(300) });

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'case-management' };
export const MONTHLY_REVIEW_ACTOR: Actor = {
  id: 'monthly-review',
  name: 'Monthly identification review',
};

export function actorOf(principal: Principal): Actor {
  return { id: principal.id, name: principal.name };
}

/** The statuses of an open case (at most one per member): the platform's caseload rule. */
export { OPEN_CASE_STATUSES };

/** The cases table, for the platform's caseload reads. */
export const CASES_TABLE = 'cases';
