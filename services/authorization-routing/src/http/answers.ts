import { z } from 'zod';
import {
  identifier,
  isoDate,
  memberId,
  paRoutingDecisionData,
  timestamp,
} from '@careflow/contracts';
import { DETERMINATIONS } from './dto';

/** What the HTTP routes answer, documented in OpenAPI and held to the handlers by their types. */

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
    .enum(['covered', 'no-coverage', 'never-received'])
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
  coverageStatus: z.enum(['covered', 'no-coverage', 'never-received', 'unknown-member']),
  deadline,
});
export type SimulatedDecision = z.input<typeof simulatedDecision>;

export const recordedDetermination = z.object({
  requestId: identifier,
  determination: z.enum(DETERMINATIONS),
  date: isoDate,
  recordedBy: z.string(),
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
