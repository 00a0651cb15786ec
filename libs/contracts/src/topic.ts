import type { z } from 'zod';

/** Who publishes to a topic: the outside world (the platform consumes it) or the platform itself. */
export type TopicDirection = 'consumed' | 'produced' | 'internal';

/** The platform's services (flow.md). */
export const PLATFORM_SERVICES = [
  'eligibility',
  'authorization-routing',
  'case-management',
  'pcp-notification',
] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

/**
 * Who may consume a topic: a platform service, or the interop gateway (services/interop-gateway),
 * whose Kafka principal is its own (kafka-access.ts) and which reads published coverage for CRD.
 */
export const INTEROP_GATEWAY = 'interop-gateway';
export type TopicConsumer = PlatformService | typeof INTEROP_GATEWAY;

/**
 * The upstream systems that publish the topics the platform consumes (interface.md's producer
 * column). Each gets its own Kafka principal that may write only its topics.
 */
export const UPSTREAM_SOURCES = {
  enrollment: 'enrollment system (834 feed)',
  claims: 'claims system',
  'hospitals-adt': 'hospitals, HIE',
  pbm: 'PBM',
  encounters: 'encounter data',
  labs: 'labs',
  mtm: 'Medication Therapy Management program',
  'referral-intake': 'referral intake',
  'pa-portals': 'provider portals, ePA gateways',
} as const;
export type UpstreamSource = keyof typeof UPSTREAM_SOURCES;

/**
 * One Kafka topic of the contract: its name, the CloudEvent `type` carried on it and the schema of
 * the event's `data`. The Kafka key is always the member id (interface.md, "Envelope").
 */
export interface TopicDefinition<
  TName extends string = string,
  TSchema extends z.ZodType = z.ZodType,
  TType extends string = string,
> {
  readonly name: TName;
  readonly eventType: TType;
  readonly direction: TopicDirection;
  readonly summary: string;
  /** Compacted topics keep the latest event per key forever (canonical state, not a log). */
  readonly compacted?: boolean;
  readonly data: TSchema;
  /** The member id that keys the event, read from validated data. */
  readonly keyOf: (data: z.output<TSchema>) => string;
  /** The platform services that publish to the topic (none for topics the outside world publishes). */
  readonly producedBy?: readonly PlatformService[];
  /** The services that consume the topic (none for topics only integrators read). */
  readonly consumedBy?: readonly TopicConsumer[];
  /** The upstream system that publishes a topic the platform consumes. */
  readonly publishedUpstreamBy?: UpstreamSource;
}

export function defineTopic<
  const TName extends string,
  TSchema extends z.ZodType,
  const TType extends string,
>(topic: TopicDefinition<TName, TSchema, TType>): TopicDefinition<TName, TSchema, TType> {
  return topic;
}

/** Dead-letter topic beside each consumed topic. */
export function deadLetterTopicOf<T extends string>(topic: T): `${T}.dlq` {
  return `${topic}.dlq`;
}

/** True if the topic is the dead-letter topic of another one. */
export function isDeadLetterTopic(topic: string): boolean {
  return topic.endsWith('.dlq');
}

/**
 * A topic has a dead-letter topic when a platform service consumes it: a message it cannot parse or
 * validate goes there instead of being dropped (interface.md, "Envelope").
 */
export function hasDeadLetterTopic(
  topic: Pick<TopicDefinition, 'direction' | 'consumedBy'>,
): boolean {
  return topic.direction === 'consumed' || (topic.consumedBy?.length ?? 0) > 0;
}

/** Headers the messaging library sets on a dead-lettered record (the original headers are kept). */
export const DLQ_HEADERS = {
  errorClass: 'dlq-error-class',
  errorMessage: 'dlq-error-message',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  failedAt: 'dlq-failed-at',
} as const;
export type DlqHeaderName = (typeof DLQ_HEADERS)[keyof typeof DLQ_HEADERS];

/** CloudEvents Kafka binding, binary content mode: the event attributes as headers. */
export const CLOUDEVENT_HEADERS = {
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  specversion: 'ce_specversion',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  traceparent: 'traceparent',
} as const;

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** Content type of a binary-mode record (the value is the `data` JSON). */
export const BINARY_CONTENT_TYPE = 'application/json';
/** Content type of a structured-mode record (the value is the whole event). */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';
