export * from './errors';
export * from './logger';
export type { ConsumedEvent } from './cloudevents/consumed-event';
export { decodeRecord, type RawRecord } from './cloudevents/decode';
export { encodeEvent, type EncodedRecord, type OutgoingEvent } from './cloudevents/encode';
export { parseTraceparent, childTraceparent, traceIdOf } from './cloudevents/trace-context';
export { createKafkaClient } from './kafka/client';
export {
  kafkaConnectionFromEnv,
  kafkaConnectionOptions,
  kafkaConnectionShape,
  KafkaSettingsError,
  PLAINTEXT_IN_PRODUCTION_OPT_OUT,
  type KafkaConnectionOptions,
  type KafkaConnectionSettings,
} from './kafka/security';
export { ensureTopics, type TopicProvisioningOptions } from './kafka/topic-admin';
export { syncAcls, type AclSync } from './kafka/acl-admin';
export { RecordProducer, type TopicRecords } from './kafka/record-producer';
export { headersToStrings } from './kafka/dead-letter';
export {
  EventConsumer,
  type ConsumerCounters,
  type EventConsumerOptions,
} from './consumer/event-consumer';
export type { Deduplication, TopicSubscription } from './consumer/subscription';
export { backoffDelay } from './consumer/backoff';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
export {
  UnitOfWork,
  type PublishOptions,
  type OutboxRecord,
  type UnitOfWorkScope,
} from './outbox/unit-of-work';
export { claimFirstDeliveries } from './inbox/inbox';
export { pruneInbox, type InboxRetentionOptions } from './inbox/inbox-pruner';
export { MessagingTables1732000000000 } from './migrations/messaging-tables.migration';
export { MessagingRuntime, type MessagingRuntimeOptions } from './messaging-runtime';
export { EventContext } from './nest/event-context';
export { OnEvent, OnEventBatch, type EventHandlerOptions } from './nest/decorators';
export { KafkaEventTransport } from './nest/kafka-event.transport';
export { RawPublisher, type PublishableEvent, type RawKafkaRecord } from './tools/raw-publisher';
export { TopicProbe, type ProbedRecord } from './tools/topic-probe';
export { noMessagingMetrics, type MessagingMetrics } from './observability/messaging-metrics';
export type { OutboxBacklog, PartitionLag } from './observability/backlog';
export {
  EventTracing,
  spanContextOf,
  traceparentOf,
  type SendTrace,
  type UnitOfWorkTrace,
} from './observability/tracing';
