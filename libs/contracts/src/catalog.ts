import type { z } from 'zod';
import { adtDischargesTopic } from './topics/adt-discharges/patient-discharged.schema';
import { adtStaysTopic } from './topics/adt-stays/hospital-stay-changed.schema';
import { careProgramsTopic } from './topics/care-programs/care-program-eligibility-changed.schema';
import { ccmCasesTopic } from './topics/ccm-cases/ccm-case-changed.schema';
import { ccmEvaluationsTopic } from './topics/ccm-evaluations/ccm-evaluated.schema';
import { ccmReferralsTopic } from './topics/ccm-referrals/ccm-referral-submitted.schema';
import { clinicalStatusUpdatesTopic } from './topics/clinical-status-updates/clinical-status-updated.schema';
import { eligibilityCoverageTopic } from './topics/eligibility-coverage/coverage-updated.schema';
import { encountersTopic } from './topics/encounters/encounter-recorded.schema';
import { labResultsTopic } from './topics/lab-results/lab-result-reported.schema';
import { medicalClaimsTopic } from './topics/medical-claims/claim-adjudicated.schema';
import { memberCoverageTopic } from './topics/member-coverage/member-coverage-changed.schema';
import { mtmEventsTopic } from './topics/mtm-events/mtm-review-completed.schema';
import { paRequestsTopic } from './topics/pa-requests/pa-requested.schema';
import { paRequestStatusTopic } from './topics/pa-request-status/pa-pended.schema';
import { paRoutingDecisionsTopic } from './topics/pa-routing-decisions/pa-routed.schema';
import { pcpNotificationsTopic } from './topics/pcp-notifications/pcp-notification-issued.schema';
import { pharmacyClaimsTopic } from './topics/pharmacy-claims/pharmacy-claim-adjudicated.schema';
import {
  deadLetterTopicOf,
  hasDeadLetterTopic,
  type TopicDefinition,
  type TopicDirection,
} from './topic';

/** Every topic of the platform, by short name. */
export const topics = {
  // Consumed: published by the outside world (interface.md).
  eligibilityCoverage: eligibilityCoverageTopic,
  medicalClaims: medicalClaimsTopic,
  adtDischarges: adtDischargesTopic,
  adtStays: adtStaysTopic,
  pharmacyClaims: pharmacyClaimsTopic,
  encounters: encountersTopic,
  labResults: labResultsTopic,
  mtmEvents: mtmEventsTopic,
  ccmReferrals: ccmReferralsTopic,
  paRequests: paRequestsTopic,
  // Produced: published by the platform for the outside world (interface.md).
  paRoutingDecisions: paRoutingDecisionsTopic,
  paRequestStatus: paRequestStatusTopic,
  ccmEvaluations: ccmEvaluationsTopic,
  ccmCases: ccmCasesTopic,
  pcpNotifications: pcpNotificationsTopic,
  carePrograms: careProgramsTopic,
  // Internal: between the platform's services (the project's own design).
  memberCoverage: memberCoverageTopic,
  clinicalStatusUpdates: clinicalStatusUpdatesTopic,
} as const;

export type Topics = typeof topics;
export type TopicKey = keyof Topics;
export type AnyTopic = Topics[TopicKey];
/** The Kafka name of a topic of the catalog, e.g. `'pa.requests.v1'`. */
export type TopicName = AnyTopic['name'];
/** Topic definition by Kafka topic name. */
export type TopicByName = { [K in TopicKey as Topics[K]['name']]: Topics[K] };
/** The validated `data` of an event on a topic: `EventDataOf<'pa.requests.v1'>` is `PaRequested`. */
export type EventDataOf<N extends TopicName> = z.output<TopicByName[N]['data']>;
/** The `data` as it arrives, before validation (identical to the output: the schemas do not transform). */
export type EventDataInputOf<N extends TopicName> = z.input<TopicByName[N]['data']>;
/** The CloudEvent `type` of the events on a topic. */
export type EventTypeOf<N extends TopicName> = TopicByName[N]['eventType'];
/** Topic name by CloudEvent `type`. */
export type TopicNameOfEventType<T extends AnyTopic['eventType']> = Extract<
  AnyTopic,
  { eventType: T }
>['name'];
/** A map from each topic name to its event data, for typed handlers (`{ [N in TopicName]: ... }`). */
export type EventDataMap = { [N in TopicName]: EventDataOf<N> };

/** The topics of the catalog in a stable order. */
export const allTopics: readonly AnyTopic[] = Object.values(topics);

const byName = new Map<string, AnyTopic>(allTopics.map((t) => [t.name, t]));
const byEventType = new Map<string, AnyTopic>(allTopics.map((t) => [t.eventType, t]));

export function isTopicName(name: string): name is TopicName {
  return byName.has(name);
}

/** The definition of a topic of the catalog; `undefined` for any other name (a DLQ included). */
export function topicByName<N extends TopicName>(name: N): TopicByName[N];
export function topicByName(name: string): AnyTopic | undefined;
export function topicByName(name: string): AnyTopic | undefined {
  return byName.get(name);
}

/** The topic that carries a CloudEvent `type` (each type lives on exactly one topic). */
export function topicByEventType(eventType: string): AnyTopic | undefined {
  return byEventType.get(eventType);
}

function ofDirection(direction: TopicDirection): readonly AnyTopic[] {
  return allTopics.filter((t) => t.direction === direction);
}

/** Published by upstream systems, consumed by the platform. */
export const consumedTopics: readonly AnyTopic[] = ofDirection('consumed');
/** Published by the platform for integrators and case managers. */
export const producedTopics: readonly AnyTopic[] = ofDirection('produced');
/** Between the platform's own services. */
export const internalTopics: readonly AnyTopic[] = ofDirection('internal');

/** Topics a platform service consumes, each with a `<topic>.dlq` beside it. */
export const topicsWithDeadLetter: readonly AnyTopic[] = allTopics.filter((t) =>
  hasDeadLetterTopic(t),
);
export const deadLetterTopicNames: readonly string[] = topicsWithDeadLetter.map((t) =>
  deadLetterTopicOf(t.name),
);

/** Every Kafka topic the platform uses: the catalog and the dead-letter topics. */
export const allTopicNames: readonly string[] = [
  ...allTopics.map((t) => t.name),
  ...deadLetterTopicNames,
];

/** Topics a service consumes (including internal ones), e.g. to subscribe and create DLQs at start. */
export function topicsConsumedBy(
  service: NonNullable<TopicDefinition['consumedBy']>[number],
): readonly AnyTopic[] {
  return allTopics.filter((t) => t.consumedBy?.includes(service) ?? false);
}

/** Topics a service publishes to. */
export function topicsProducedBy(
  service: NonNullable<TopicDefinition['producedBy']>[number],
): readonly AnyTopic[] {
  return allTopics.filter((t) => t.producedBy?.includes(service) ?? false);
}
