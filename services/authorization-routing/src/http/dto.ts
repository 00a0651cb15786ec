import { z } from 'zod';
import { isoDate } from '@careflow/contracts';
import { zodDto } from '@careflow/platform';
import { determinationInput } from '../determinations/determination';
import { readDecisionCommand } from '../pa-requests/use-cases/read-decision.use-case';
import { activatePolicyVersionCommand } from '../policies/use-cases/activate-policy-version.use-case';
import { simulateRoutingCommand } from '../routing/use-cases/simulate-routing.use-case';

export class SimulateBody extends zodDto(simulateRoutingCommand) {}

export class DeterminationBody extends zodDto(determinationInput) {}

export const activationBody = activatePolicyVersionCommand
  .pick({ effectiveFrom: true })
  .default({});
export class ActivationBody extends zodDto(activationBody) {}

export const activeQuery = z.object({
  on: isoDate
    .optional()
    .describe(
      'The date of service (YYYY-MM-DD); default today in the plan time zone (PLAN_TIME_ZONE).',
    ),
  decidedOn: isoDate
    .optional()
    .describe(
      'The day the decision is made (YYYY-MM-DD); default today. A revision decides from the day it was activated from.',
    ),
});
export class ActiveQuery extends zodDto(activeQuery) {}

export const overdueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export class OverdueQuery extends zodDto(overdueQuery) {}

export const requestIdParam = readDecisionCommand;
export class RequestIdParam extends zodDto(requestIdParam) {}

export const versionParam = activatePolicyVersionCommand.pick({ version: true });
export class VersionParam extends zodDto(versionParam) {}
