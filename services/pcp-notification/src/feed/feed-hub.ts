import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  JsonLogger,
  LiveStreamHub,
  StreamTickets,
  type AuditEntry,
  type LiveStreamClient,
} from '@careflow/platform';
import type { PcpNotificationConfig } from '../config';
import { itemVisibleTo } from '../access/caseload';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';
import { FEED_CHANNEL, FeedRepository, LETTER_CHANNEL } from './feed.repository';
import { toFeedItemView } from './feed-model';

/**
 * The live side of the feed, on the platform's `LiveStreamHub`. Feed items announce themselves
 * with `pg_notify` when their transaction commits; this loads each announced item and writes it
 * only to the streams whose principal may see it (the caseload rule, checked at push time so a
 * reassigned case follows its new case manager). Every push is audited.
 */
@Injectable()
export class FeedHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly hub: LiveStreamHub;

  constructor(
    @Inject(PCP_NOTIFICATION_CONFIG) config: PcpNotificationConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(StreamTickets) tickets: StreamTickets,
    @Inject(JsonLogger) logger: JsonLogger,
  ) {
    this.hub = new LiveStreamHub(
      {
        name: 'feed',
        databaseUrl: config.DATABASE_URL,
        channel: FEED_CHANNEL,
        heartbeatMs: config.FEED_STREAM_HEARTBEAT_MS,
        ticketTtlSeconds: config.FEED_STREAM_TICKET_TTL_SECONDS,
        maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS,
        streamsPerUser: config.FEED_STREAMS_PER_USER,
        streamsMax: config.FEED_STREAMS_MAX,
        ticketRoute: 'POST /feed/stream-tickets',
      },
      { dataSource, tickets, audit, logger },
      (itemIds, clients) => this.push(itemIds, clients),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.hub.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.hub.stop();
  }

  /**
   * Calls `listener` whenever a transaction that queued letters commits (in any instance); the
   * delivery worker hands them over at once instead of at its next poll. The listening connection
   * is the hub's, so the service holds one connection for both channels.
   */
  onLettersQueued(listener: () => void): void {
    this.hub.onChannel(LETTER_CHANNEL, listener);
  }

  get connectedStreams(): number {
    return this.hub.connectedStreams;
  }

  private async push(itemIds: readonly string[], clients: readonly LiveStreamClient[]) {
    const found = new Map(
      (await this.feed.byIdsWithOwners(this.dataSource.manager, itemIds)).map((item) => [
        item.itemId,
        item,
      ]),
    );
    const deliveries = itemIds.flatMap((id) => {
      const row = found.get(id);
      if (!row) return [];
      const recipients = clients.filter((c) =>
        itemVisibleTo(c.principal, row.audience, row.owners),
      );
      return [{ row, recipients }];
    });
    const entries: AuditEntry[] = deliveries.flatMap(({ row, recipients }) =>
      recipients.map((client) => ({
        actor: client.principal,
        action: 'feed.stream',
        resourceType: 'feed-item',
        resourceId: row.itemId,
        memberId: row.memberId,
        outcome: 'allowed' as const,
        ...client.origin,
      })),
    );
    if (entries.length === 0) return;
    // Audited before it is shown: a push that cannot be audited is not made.
    await this.audit.recordMany(entries);
    for (const { row, recipients } of deliveries) {
      const view = toFeedItemView(row);
      for (const client of recipients) client.send('item', view, row.seq);
    }
  }
}
