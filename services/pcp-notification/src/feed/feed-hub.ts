import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Response } from 'express';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { describeError } from '@careflow/messaging';
import { AuditLog, JsonLogger, type AuditEntry, type Principal } from '@careflow/platform';
import type { PcpNotificationConfig } from '../config';
import { itemVisibleTo } from '../access/caseload';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';
import { FEED_CHANNEL, FeedRepository, LETTER_CHANNEL } from './feed.repository';
import { toFeedItemView } from './feed-model';

/** Announced items pushed together at most (their audit entries go in one insert). */
const PUSH_BATCH = 50;

interface StreamClient {
  readonly principal: Principal;
  readonly response: Response;
  readonly origin: Pick<AuditEntry, 'clientIp' | 'userAgent' | 'requestId'>;
  readonly heartbeat: NodeJS.Timeout;
  readonly expiry: NodeJS.Timeout;
}

/**
 * The live side of the feed. Feed items announce themselves with `pg_notify` when their
 * transaction commits; the hub LISTENs on one dedicated connection, loads each announced item,
 * and writes it only to the streams whose principal may see it (the caseload rule, checked at
 * push time so a reassigned case follows its new case manager). Every push is audited.
 */
@Injectable()
export class FeedHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly clients = new Set<StreamClient>();
  private listener: Client | undefined;
  private stopping = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Announced item ids not pushed yet, in the order PostgreSQL delivered them. */
  private pending: string[] = [];
  private draining: Promise<void> | undefined;
  private readonly letterListeners: (() => void)[] = [];

  constructor(
    @Inject(PCP_NOTIFICATION_CONFIG) private readonly config: PcpNotificationConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const client of this.clients) this.close(client);
    this.pending = [];
    await this.draining;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /**
   * Calls `listener` whenever a transaction that queued letters commits (in any instance); the
   * delivery worker hands them over at once instead of at its next poll. The listening connection
   * is this hub's, so the service holds one connection for both channels.
   */
  onLettersQueued(listener: () => void): void {
    this.letterListeners.push(listener);
  }

  get connectedStreams(): number {
    return this.clients.size;
  }

  /** Why another stream for this user would exceed a cap, or undefined when it fits. */
  refusalFor(principal: Principal): string | undefined {
    if (this.clients.size >= this.config.FEED_STREAMS_MAX) {
      return `too many live streams are open on this server (limit ${this.config.FEED_STREAMS_MAX}); try again later`;
    }
    const own = [...this.clients].filter((c) => c.principal.id === principal.id).length;
    if (own >= this.config.FEED_STREAMS_PER_USER) {
      return `you have ${own} live streams open (limit ${this.config.FEED_STREAMS_PER_USER}); close another tab`;
    }
    return undefined;
  }

  /**
   * Keeps the response open as an event stream for this principal until its token expires: then
   * `event: expired` tells the page to renew its token and reconnect with a new ticket.
   */
  open(
    principal: Principal,
    response: Response,
    origin: StreamClient['origin'],
    tokenExpiresAt: Date,
  ): void {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ at: new Date() })}\n\n`);
    const heartbeat = setInterval(() => {
      response.write(`: keep-alive\n\n`);
    }, this.config.FEED_STREAM_HEARTBEAT_MS);
    heartbeat.unref();
    const expiry = setTimeout(
      () => {
        response.write(`event: expired\ndata: {}\n\n`);
        this.close(client);
      },
      Math.max(0, tokenExpiresAt.getTime() - Date.now()),
    );
    expiry.unref();
    const client: StreamClient = { principal, response, origin, heartbeat, expiry };
    this.clients.add(client);
    response.on('close', () => this.forget(client));
  }

  private forget(client: StreamClient): void {
    clearInterval(client.heartbeat);
    clearTimeout(client.expiry);
    this.clients.delete(client);
  }

  private close(client: StreamClient): void {
    this.forget(client);
    client.response.end();
  }

  private async listen(): Promise<void> {
    const listener = new Client({ connectionString: this.config.DATABASE_URL });
    listener.on('notification', (message) => {
      if (message.channel === LETTER_CHANNEL) {
        for (const notify of this.letterListeners) notify();
        return;
      }
      if (message.channel !== FEED_CHANNEL || !message.payload) return;
      this.pending.push(message.payload);
      this.drainSoon();
    });
    listener.on('error', (error) => {
      this.logger.warn('feed listener connection failed; reconnecting', { error: error.message });
      this.scheduleReconnect();
    });
    try {
      await listener.connect();
      await this.feed.listen(listener);
      this.listener = listener;
    } catch (error) {
      await listener.end().catch(() => undefined);
      this.logger.warn('feed listener could not connect; retrying', {
        ...describeError(error),
      });
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopping || this.reconnectTimer) return;
    const old = this.listener;
    this.listener = undefined;
    void old?.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, 2000);
    this.reconnectTimer.unref();
  }

  /**
   * Pushes what was announced, in order. Announcements that arrive while a push is under way are
   * taken together in the next one (one read with the caseloads, and one audit insert, for all),
   * so a burst costs a few round trips instead of three per item.
   */
  private drainSoon(): void {
    if (this.draining) return;
    this.draining = (async () => {
      while (this.pending.length > 0 && !this.stopping) {
        await this.push(this.pending.splice(0, PUSH_BATCH));
      }
    })().finally(() => {
      this.draining = undefined;
    });
  }

  private async push(itemIds: readonly string[]): Promise<void> {
    if (this.clients.size === 0) return;
    try {
      const order = [...new Set(itemIds)];
      const found = new Map(
        (await this.feed.byIdsWithOwners(this.dataSource.manager, order)).map((item) => [
          item.itemId,
          item,
        ]),
      );
      const rows = order.map((id) => found.get(id)).filter((r) => r !== undefined);
      if (rows.length === 0) return;
      const clients = [...this.clients];
      const deliveries = rows.map((row) => ({
        row,
        message: `id: ${row.seq}\nevent: item\ndata: ${JSON.stringify(toFeedItemView(row))}\n\n`,
        recipients: clients.filter((c) => itemVisibleTo(c.principal, row.audience, row.owners)),
      }));
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
      for (const { message, recipients } of deliveries)
        for (const client of recipients) client.response.write(message);
    } catch (error) {
      this.logger.error('feed push failed', {
        ...describeError(error),
      });
    }
  }
}
