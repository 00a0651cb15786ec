import { z } from 'zod';
import { ccmCriterionId, identifier, memberId } from '@careflow/contracts';

const memberData =
  'Absent unless the caller sees the member (a supervisor or admin; a case manager whose caseload holds the member).';

/** What POST /referrals answers. */
export const referralAnswer = z.object({
  referralId: identifier,
  status: z
    .enum(['case-opened', 'awaiting-coverage', 'received'])
    .describe(
      'A case is open, or the referral waits for the member’s coverage to arrive; `received` for a caller who does not see the member.',
    ),
  duplicate: z.boolean().describe('The referral id was seen before: nothing was done again.'),
  memberId: memberId.optional().describe(memberData),
  caseId: identifier.nullable().optional().describe(memberData),
  evaluationId: identifier.nullable().optional().describe(memberData),
  criteriaMet: z.array(ccmCriterionId).readonly().optional().describe(memberData),
});
export type ReferralAnswer = z.input<typeof referralAnswer>;
