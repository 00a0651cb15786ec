import type { TopicDefinition } from '@careflow/contracts';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import type { UnitOfWork } from '../outbox/unit-of-work';

/**
 * What a service does with the events of one topic. `handle` receives the events of one chunk
 * that were not handled before (the inbox filtered redeliveries), in partition order, inside one
 * transaction; it throws a PermanentEventError for an event that can never be handled.
 */
export interface TopicSubscription {
  readonly topic: TopicDefinition;
  /**
   * `handler`: the handler is idempotent by a business key of its own, so the inbox claim is
   * skipped (see `EventHandlerOptions.deduplication`). Default `inbox`.
   */
  readonly deduplication?: 'inbox' | 'handler';
  handle(events: readonly ConsumedEvent[], unitOfWork: UnitOfWork): Promise<void>;
}
