import { z } from 'zod';
import { list, memberId, text } from '../../primitives';
import { CARE_PROGRAMS } from '../../reference';
import { defineTopic } from '../../topic';

export const careProgramEligibilityChangedData = z.object({
  memberId,
  program: z.enum(CARE_PROGRAMS),
  eligible: z.boolean(),
  reasons: list(text(1000), 50).describe('Why, as human-readable sentences.'),
});
export type CareProgramEligibilityChanged = z.output<typeof careProgramEligibilityChangedData>;

export const careProgramsTopic = defineTopic({
  name: 'care-programs.v1',
  eventType: 'care-program.eligibility-changed',
  direction: 'produced',
  summary: "Changes of a member's eligibility for care programs (drug adherence discount).",
  data: careProgramEligibilityChangedData,
  keyOf: (d) => d.memberId,
  producedBy: ['case-management'],
});
