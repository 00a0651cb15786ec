import { z } from 'zod';
import { ccmEvaluationData, isoDate, memberId, timestamp } from '@careflow/contracts';

/** The latest evaluation of a member as stored and shown (on a case, for a member). */
export const storedEvaluationAnswer = ccmEvaluationData.omit({ memberId: true }).extend({
  asOf: isoDate.describe('The day the criteria and coverage were evaluated for.'),
  covered: z
    .boolean()
    .nullable()
    .describe('Coverage in force on asOf; null: not looked up, since no criterion is met.'),
  published: z.boolean().describe('Whether it went out on ccm.evaluations.v1.'),
});

export const memberEvaluationAnswer = z.object({
  memberId,
  eventsApplied: z.number().int().describe('Clinical events folded into the profile so far.'),
  evaluatedAt: timestamp.nullable(),
  evaluation: storedEvaluationAnswer.nullable(),
});
export type MemberEvaluationView = z.input<typeof memberEvaluationAnswer>;
