import { z } from 'zod';
import {
  identifier,
  isoDate,
  memberId,
  paRoutingDecisionData,
  timestamp,
} from '@careflow/contracts';
import { routingPolicySchema } from '@careflow/michigan-policy';
import type { PolicyVersionRow } from '../policies/policy-version.repository';
import { DETERMINATIONS, determinationInput } from '../determinations/determination';

/** What the HTTP routes answer, documented in OpenAPI and held to the handlers by their types. */

/** How the member's coverage on the date of service was found (CoverageStatus). */
const COVERAGE_STATUSES = ['covered', 'no-coverage', 'never-received'] as const;

const deadline = z
  .object({
    regimeId: z.string().describe('The deadline regime of the routing policy that set dueBy.'),
    source: z.string().describe('Where that regime comes from (the policy document, the rule).'),
  })
  .nullable()
  .describe('Null when there is no utilization management decision to make.');

export const storedDecision = paRoutingDecisionData.extend({
  receivedAt: timestamp,
  decidedAt: timestamp,
  coverageStatus: z
    .enum(COVERAGE_STATUSES)
    .describe("How the member's coverage on the date of service was found."),
  deadline,
  determination: z
    .object({
      determination: z.enum(DETERMINATIONS),
      date: isoDate,
      recordedAt: timestamp.nullable(),
      recordedBy: z.string().nullable(),
    })
    .nullable()
    .describe("The vendor's determination, once recorded."),
});
export type StoredDecision = z.input<typeof storedDecision>;

export const simulatedDecision = paRoutingDecisionData.extend({
  coverageSource: z
    .enum(['override', 'read-model'])
    .describe("The body's coverage, or the member's coverage in the read model."),
  coverageStatus: z.enum([...COVERAGE_STATUSES, 'unknown-member']),
  deadline,
});
export type SimulatedDecision = z.input<typeof simulatedDecision>;

export const recordedDetermination = determinationInput.extend({
  requestId: identifier,
  recordedBy: z.string(),
  replaced: z
    .boolean()
    .describe('A recorded determination was replaced (by a supervisor, with a reason).'),
});
export type RecordedDetermination = z.input<typeof recordedDetermination>;

export const overdueAlerts = z.object({
  total: z.number().int().describe('All overdue decisions, of which the first `limit` are listed.'),
  alerts: z.array(
    z.object({
      requestId: identifier,
      memberId,
      vendorId: z.string(),
      submissionChannel: z.string(),
      policyVersion: z.string(),
      dueBy: timestamp,
      decidedAt: timestamp,
      overdueMinutes: z.number().int(),
    }),
  ),
});
export type OverdueAlerts = z.input<typeof overdueAlerts>;

export const policyVersion = z.object({
  version: z.string(),
  status: z.enum(['candidate', 'active']),
  activeFrom: isoDate
    .nullable()
    .describe(
      'The first day decisions use it (its adoption; a later activation for the same dates of service supersedes it); null for a candidate.',
    ),
  origin: z.enum(['bundled', 'api']).describe('Shipped with the service, or added over HTTP.'),
  createdAt: timestamp,
  createdBy: z.string(),
  activatedAt: timestamp.nullable(),
  activatedBy: z.string().nullable(),
});
export type PolicyVersionView = z.input<typeof policyVersion>;

export const policyVersions = z.object({ versions: z.array(policyVersion) });

export const policyInForce = policyVersion.extend({
  on: isoDate.describe('The date of service asked about.'),
  decidedOn: isoDate.describe('The decision day asked about.'),
  policy: routingPolicySchema.describe('The policy document.'),
});

export const addedPolicy = z.object({
  version: z.string(),
  status: z.literal('candidate'),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable(),
  rules: z.number().int().describe('How many routing rules the document holds.'),
});

/** A stored version as answered: its times as RFC 3339 text. */
export function policyVersionView(row: PolicyVersionRow): PolicyVersionView {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    activatedAt: row.activatedAt?.toISOString() ?? null,
  };
}
