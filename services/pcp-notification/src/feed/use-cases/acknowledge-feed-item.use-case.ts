import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseCommand, type Principal } from '@careflow/platform';
import { caseManagersOf, itemVisibleTo } from '../../access/caseload';
import type { FeedItem } from '../feed-model';
import { FeedRepository } from '../feed.repository';

export const acknowledgeFeedItemCommand = z.object({ itemId: z.uuid() }).strict();
export type AcknowledgeFeedItemCommand = z.input<typeof acknowledgeFeedItemCommand>;

/** What the caller may learn (and the audit records): nothing of an item they may not see. */
export type AcknowledgeFeedItemOutcome =
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'denied'; readonly memberId: string }
  | { readonly outcome: 'allowed'; readonly memberId: string; readonly item: FeedItem };

/** Marks a feed item as seen by the actor (the first acknowledgement is kept). */
@Injectable()
export class AcknowledgeFeedItemUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
  ) {}

  async execute(
    input: AcknowledgeFeedItemCommand,
    actor: Principal,
  ): Promise<AcknowledgeFeedItemOutcome> {
    const { itemId } = parseCommand(acknowledgeFeedItemCommand, input, 'acknowledge feed item');
    return this.dataSource.transaction(async (manager) => {
      const found = await this.feed.byId(manager, itemId);
      if (!found) return { outcome: 'not-found' as const };
      const owners = await caseManagersOf(manager, found.memberId);
      if (!itemVisibleTo(actor, found.audience, owners))
        return { outcome: 'denied' as const, memberId: found.memberId };
      const item = await this.feed.acknowledge(manager, itemId, actor.id);
      return { outcome: 'allowed' as const, memberId: found.memberId, item: item! };
    });
  }
}
