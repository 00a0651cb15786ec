import { z } from 'zod';
import { identifier, isoDate, label, memberId, ndc } from '../../primitives';
import { PHARMACY_CHANNELS, PHARMACY_CLAIM_STATUSES } from '../../reference';
import { defineTopic } from '../../topic';

export const pharmacyClaimAdjudicatedData = z.object({
  claimId: identifier,
  memberId,
  status: z.enum(PHARMACY_CLAIM_STATUSES),
  fillDate: isoDate,
  ndc,
  drugName: label(200).nullish(),
  daysSupply: z.number().int().min(1).max(366).nullish(),
  pharmacyChannel: z.enum(PHARMACY_CHANNELS),
});
export type PharmacyClaimAdjudicated = z.output<typeof pharmacyClaimAdjudicatedData>;

export const pharmacyClaimsTopic = defineTopic({
  name: 'claims.pharmacy.v1',
  eventType: 'pharmacy-claim.adjudicated',
  direction: 'consumed',
  publishedUpstreamBy: 'pbm',
  summary: 'Adjudicated pharmacy claims from the PBM.',
  data: pharmacyClaimAdjudicatedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['case-management'],
});
