import { EventPattern } from '@nestjs/microservices';
import type { TopicDefinition } from '@careflow/contracts';

export interface EventHandlerOptions {
  /**
   * How redeliveries are recognised. `inbox` (the default): the event id is claimed in
   * `inbox_events` in the handler's transaction. `handler`: the handler's own writes are keyed by
   * a business id of the event (an `ON CONFLICT` on it), so a redelivery already has no effect;
   * the inbox claim, one database round trip per transaction, is skipped. Ids repeated within one
   * chunk are still dropped.
   */
  readonly deduplication?: 'inbox' | 'handler';
}

export interface EventHandlerExtras extends EventHandlerOptions {
  readonly batch: boolean;
}

/** Handles each event of a topic: the payload is one `ConsumedEvent`. */
export const OnEvent = (
  topic: TopicDefinition,
  options: EventHandlerOptions = {},
): MethodDecorator =>
  EventPattern(topic.name, { ...options, batch: false } satisfies EventHandlerExtras);

/**
 * Handles a topic a chunk at a time (throughput-critical consumers): the payload is the array of
 * events of one transaction, in partition order.
 */
export const OnEventBatch = (
  topic: TopicDefinition,
  options: EventHandlerOptions = {},
): MethodDecorator =>
  EventPattern(topic.name, { ...options, batch: true } satisfies EventHandlerExtras);
