import { z } from 'zod';
import {
  fundingType,
  groupRef,
  isoDate,
  lineOfBusiness,
  paRequestedData,
  pharmacyBenefitAdministrator,
  timestamp,
} from '@careflow/contracts';
import { zodDto } from '@careflow/platform';

/** The coverage a simulation assumes instead of the read model's (null: no coverage at all). */
export const coverageOverride = z.object({
  lineOfBusiness,
  fundingType,
  group: groupRef.nullable(),
  pharmacyBenefitAdministrator: pharmacyBenefitAdministrator.nullable().default(null),
  effectiveDate: isoDate,
  terminationDate: isoDate.nullable().default(null),
});

export const simulateBody = paRequestedData.extend({
  coverage: coverageOverride
    .nullable()
    .optional()
    .describe("Coverage to assume; absent: the member's coverage in the read model."),
  receivedAt: timestamp
    .optional()
    .describe('When the request is taken as received (policy version, deadline); default now.'),
});
export class SimulateBody extends zodDto(simulateBody) {}

export const DETERMINATIONS = ['approved', 'denied', 'pended'] as const;
export type Determination = (typeof DETERMINATIONS)[number];
export const determinationBody = z.object({
  determination: z.enum(DETERMINATIONS),
  date: isoDate.describe("The day of the vendor's determination."),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe(
      'Why a recorded determination is replaced: a supervisor only, and required to replace one; kept with the replacement.',
    ),
});
export class DeterminationBody extends zodDto(determinationBody) {}

export const activationBody = z
  .object({
    effectiveFrom: isoDate
      .optional()
      .describe("First day the version is in force; default the document's effectiveFrom."),
  })
  .default({});
export class ActivationBody extends zodDto(activationBody) {}

export const activeQuery = z.object({
  on: isoDate.optional().describe('The day (YYYY-MM-DD); default today in Michigan.'),
});
export class ActiveQuery extends zodDto(activeQuery) {}

export const overdueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export class OverdueQuery extends zodDto(overdueQuery) {}

export const requestIdParam = z.object({ requestId: z.string().min(1).max(100) });
export class RequestIdParam extends zodDto(requestIdParam) {}

export const versionParam = z.object({ version: z.string().min(1).max(100) });
export class VersionParam extends zodDto(versionParam) {}
