import type { TopicDefinition } from '@careflow/contracts';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import type { UnitOfWork } from '../outbox/unit-of-work';

/**
 * How redeliveries are recognised. `inbox` (the default): the event id is claimed in
 * `inbox_events` in the handler's transaction. `handler`: the handler's own writes are keyed by a
 * business id of the event (an `ON CONFLICT` on it), so a redelivery already has no effect; the
 * inbox claim, one database round trip per transaction, is skipped. Ids repeated within one chunk
 * are still dropped.
 */
export type Deduplication = 'inbox' | 'handler';

/**
 * What a service does with the events of one topic. `handle` receives the events of one chunk
 * that were not handled before (the inbox filtered redeliveries), in partition order, inside one
 * transaction; it throws a PermanentEventError for an event that can never be handled.
 */
export interface TopicSubscription {
  readonly topic: TopicDefinition;
  readonly deduplication?: Deduplication;
  /**
   * A consumer of its own for this topic, in the group `<service group>.<consumer>`, instead of
   * the service's shared consumer; default: what the contract's consumer groups say
   * (`ownConsumerOf`). Offsets the shared group committed for the topic are carried over when
   * the own group has none yet (`adoptGroupOffsets`).
   */
  readonly consumer?: string;
  handle(events: readonly ConsumedEvent[], unitOfWork: UnitOfWork): Promise<void>;
}
