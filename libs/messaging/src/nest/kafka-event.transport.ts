import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { topicByName } from '@careflow/contracts';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import type { TopicSubscription } from '../consumer/subscription';
import type { MessagingRuntime } from '../messaging-runtime';
import type { UnitOfWork } from '../outbox/unit-of-work';
import type { EventHandlerExtras } from './decorators';
import { EventContext } from './event-context';

/**
 * The Nest microservice side of a service: handlers declared with `@OnEvent`/`@OnEventBatch`
 * run through Nest's pipes, guards, interceptors and exception filters, but delivery (decoding,
 * dead-lettering, retries, inbox, outbox) is the backbone's, not the stock Kafka transport's.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  constructor(private readonly runtime: MessagingRuntime) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.runtime
      .startConsuming(this.subscriptions())
      .then(() => callback())
      .catch((error: unknown) => callback(error));
  }

  async close(): Promise<void> {
    await this.runtime.stopConsuming();
  }

  on(): void {
    throw new Error('KafkaEventTransport does not emit transport events');
  }

  unwrap<T>(): T {
    return this.runtime.kafka as T;
  }

  private subscriptions(): TopicSubscription[] {
    return [...this.messageHandlers].map(([pattern, handler]) => {
      const topic = topicByName(pattern);
      if (!topic)
        throw new Error(`@OnEvent names "${pattern}", which is not a topic of the catalog`);
      const extras = handler.extras as EventHandlerExtras | undefined;
      const batch = extras?.batch === true;
      return {
        topic,
        deduplication: extras?.deduplication ?? 'inbox',
        handle: (events, unitOfWork) =>
          batch
            ? this.invoke(handler, events, unitOfWork, events)
            : this.invokeEach(handler, events, unitOfWork),
      };
    });
  }

  private async invokeEach(
    handler: MessageHandler,
    events: readonly ConsumedEvent[],
    unitOfWork: UnitOfWork,
  ): Promise<void> {
    try {
      for (const event of events) {
        // What the handler publishes continues this event's trace.
        unitOfWork.handling(event);
        await this.invoke(handler, event, unitOfWork, [event]);
      }
    } finally {
      unitOfWork.handling(undefined);
    }
  }

  private async invoke(
    handler: MessageHandler,
    payload: ConsumedEvent | readonly ConsumedEvent[],
    unitOfWork: UnitOfWork,
    events: readonly ConsumedEvent[],
  ): Promise<void> {
    const result: unknown = await handler(payload, new EventContext([unitOfWork, events]));
    // Errors come back through the exception filter as an erroring observable.
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }
}
