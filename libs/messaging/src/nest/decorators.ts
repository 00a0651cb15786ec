import { EventPattern } from '@nestjs/microservices';
import type { TopicDefinition } from '@careflow/contracts';
import type { Deduplication } from '../consumer/subscription';

export interface EventHandlerOptions {
  readonly deduplication?: Deduplication;
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
