import type { ClinicalEvent } from '@careflow/ccm-criteria';
import { topics } from '@careflow/contracts';
import { RejectedEventError } from '@careflow/messaging';

/** The kind of profile event each consumed clinical topic carries. */
export const TOPIC_KIND: Readonly<Record<string, ClinicalEvent['kind']>> = {
  [topics.medicalClaims.name]: 'medical-claim',
  [topics.adtDischarges.name]: 'adt-discharge',
  // Only its discharge-cancelled events are passed to identification (clinical-events.controller).
  [topics.adtStays.name]: 'adt-discharge-cancelled',
  [topics.pharmacyClaims.name]: 'pharmacy-claim',
  [topics.encounters.name]: 'encounter',
  [topics.labResults.name]: 'lab-result',
  [topics.mtmEvents.name]: 'mtm-review',
};

/** The clinical topics whose events are folded into the profiles. */
export const CLINICAL_TOPICS = Object.keys(TOPIC_KIND) as [string, ...string[]];

/** What identification reads of a consumed clinical event. */
export interface ClinicalEventMessage {
  readonly id: string;
  readonly topic: string;
  readonly data: { readonly memberId: string };
}

export function clinicalEventOf(event: ClinicalEventMessage): ClinicalEvent {
  const kind = TOPIC_KIND[event.topic];
  if (!kind) throw new RejectedEventError(`${event.topic} is not a clinical topic`);
  return { kind, data: event.data } as ClinicalEvent;
}
