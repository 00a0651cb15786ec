import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import type { UnitOfWork } from '../outbox/unit-of-work';

/**
 * What a handler gets with `@Ctx()`: the transaction its writes and published events must join.
 */
export class EventContext extends BaseRpcContext<[UnitOfWork, readonly ConsumedEvent[]]> {
  get unitOfWork(): UnitOfWork {
    return this.args[0];
  }

  /** The events of this call: one for `@OnEvent`, the chunk for `@OnEventBatch`. */
  get events(): readonly ConsumedEvent[] {
    return this.args[1];
  }
}
