import { EventPattern } from '@nestjs/microservices';
import type { TopicDefinition } from '@careflow/contracts';

export interface EventHandlerExtras {
  readonly batch: boolean;
}

/** Handles each event of a topic: the payload is one `ConsumedEvent`. */
export const OnEvent = (topic: TopicDefinition): MethodDecorator =>
  EventPattern(topic.name, { batch: false } satisfies EventHandlerExtras);

/**
 * Handles a topic a chunk at a time (throughput-critical consumers): the payload is the array of
 * events of one transaction, in partition order.
 */
export const OnEventBatch = (topic: TopicDefinition): MethodDecorator =>
  EventPattern(topic.name, { batch: true } satisfies EventHandlerExtras);
