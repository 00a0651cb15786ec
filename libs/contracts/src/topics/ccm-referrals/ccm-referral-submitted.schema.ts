import { z } from 'zod';
import { identifier, label, memberId, npi, text, timestamp } from '../../primitives';
import { REFERRAL_SOURCES } from '../../reference';
import { defineTopic } from '../../topic';

export const ccmReferralSubmittedData = z.object({
  referralId: identifier,
  memberId,
  source: z.enum(REFERRAL_SOURCES),
  referrer: z
    .object({
      npi: npi.nullish(),
      name: label(200).nullish(),
      credentialed: z
        .boolean()
        .nullish()
        .describe('Whether the referrer is a credentialed provider.'),
    })
    .nullish(),
  reason: text(2000).nullish(),
  submittedAt: timestamp,
});
export type CcmReferralSubmitted = z.output<typeof ccmReferralSubmittedData>;

export const ccmReferralsTopic = defineTopic({
  name: 'ccm.referrals.v1',
  eventType: 'ccm-referral.submitted',
  direction: 'consumed',
  publishedUpstreamBy: 'referral-intake',
  summary: 'Referrals to complex case management from referral intake.',
  data: ccmReferralSubmittedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
