import { HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { describeError } from '@careflow/messaging';
import { ANONYMOUS, type Principal } from '../auth/principal';
import { auditRefusal, bearerTokenOf, type AuthenticatedRequest } from '../auth/auth.guard';
import { verifiedTokenExpiry } from '../auth/tokens';
import type { AuditLog } from '../audit/audit.service';
import type { AuditOrigin } from '../audit/audited-read';
import { auditOrigin } from '../http/request-context';
import type { JsonLogger } from '../logging/json-logger';
import { streamTicket, type StreamTickets } from './stream-tickets';

/** Announcements pushed together at most (the service audits them in one insert). */
const PUSH_BATCH = 50;
const RECONNECT_MS = 2000;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface LiveStreamSettings {
  /** What the stream is called in log lines and refusals (`feed`, `workspace`). */
  readonly name: string;
  readonly databaseUrl: string;
  /** The `pg_notify` channel whose payloads are pushed (through `push`). */
  readonly channel: string;
  readonly heartbeatMs: number;
  readonly ticketTtlSeconds: number;
  /** AUTH_MAX_TOKEN_AGE_SECONDS: a stream ends when its token stops being accepted, min(exp, iat + this). */
  readonly maxTokenAgeSeconds: number;
  readonly streamsPerUser: number;
  readonly streamsMax: number;
  /** Where a new ticket comes from, for the 401 text (`POST /feed/stream-tickets`). */
  readonly ticketRoute: string;
}

export interface LiveStreamDependencies {
  readonly dataSource: DataSource;
  readonly tickets: StreamTickets;
  readonly audit: AuditLog;
  readonly logger: JsonLogger;
}

/** An open stream, as the service's `push` sees it. */
export interface LiveStreamClient {
  readonly principal: Principal;
  readonly origin: AuditOrigin;
  /** Writes one Server-Sent Event. */
  send(event: string, data: unknown, id?: string): void;
}

/**
 * Pushes a batch of announced payloads (in the order PostgreSQL delivered them) to the clients
 * that may see them: the service loads what was announced, checks the caseload rule for each
 * client at this moment, audits what it shows, then sends.
 */
export type PushAnnounced = (
  payloads: readonly string[],
  clients: readonly LiveStreamClient[],
) => Promise<void>;

interface OpenStream extends LiveStreamClient {
  readonly response: Response;
  readonly heartbeat: NodeJS.Timeout;
  readonly expiry: NodeJS.Timeout;
}

const streamQuery = z.object({ ticket: streamTicket }).passthrough();

export const sseMessage = (event: string, data: unknown, id?: string): string =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The generic side of a live stream over Server-Sent Events: the changes a service announces
 * with `pg_notify` (delivered when their transaction commits) are heard on one dedicated LISTEN
 * connection (reconnected when it drops) and handed to the service's `push` in batches; the hub
 * keeps the open streams with their heartbeat, closes each when its token expires (`event:
 * expired`), caps streams per user and overall, and opens a stream only with a single-use ticket.
 */
export class LiveStreamHub {
  private readonly clients = new Set<OpenStream>();
  private readonly channelListeners = new Map<string, (() => void)[]>();
  private listener: Client | undefined;
  private stopping = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Announced payloads not pushed yet, in the order PostgreSQL delivered them. */
  private pending: string[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly settings: LiveStreamSettings,
    private readonly deps: LiveStreamDependencies,
    private readonly push: PushAnnounced,
  ) {
    if (!CHANNEL_NAME.test(settings.channel))
      throw new Error('live stream channel must be a lower-case SQL identifier');
  }

  /** Calls `listener` (no payload) whenever something is announced on `channel`, too. */
  onChannel(channel: string, listener: () => void): void {
    if (!CHANNEL_NAME.test(channel))
      throw new Error('live stream channel must be a lower-case SQL identifier');
    const known = this.channelListeners.has(channel) || channel === this.settings.channel;
    this.channelListeners.set(channel, [...(this.channelListeners.get(channel) ?? []), listener]);
    // Registered after start: the open connection listens from now on (a reconnection does anyway).
    if (!known && this.listener) {
      this.listener.query(`LISTEN ${channel}`).catch(() => this.scheduleReconnect());
    }
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.closeAll();
    this.pending = [];
    await this.draining;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  get connectedStreams(): number {
    return this.clients.size;
  }

  /** Why another stream for this user would exceed a cap, or undefined when it fits. */
  refusalFor(principal: Principal): string | undefined {
    const { streamsMax, streamsPerUser } = this.settings;
    if (this.clients.size >= streamsMax) {
      return `too many live streams are open on this server (limit ${streamsMax}); try again later`;
    }
    const own = [...this.clients].filter((c) => c.principal.id === principal.id).length;
    if (own >= streamsPerUser) {
      return `you have ${own} live streams open (limit ${streamsPerUser}); close another tab`;
    }
    return undefined;
  }

  /** A ticket for one stream, bound to the caller and their token's expiry; 429 over a cap. */
  async issueTicket(
    principal: Principal,
    request: AuthenticatedRequest,
  ): Promise<{ ticket: string; expiresAt: string }> {
    this.admit(principal);
    const { ticket, expiresAt } = await this.deps.tickets.issue(
      this.deps.dataSource.manager,
      principal,
      verifiedTokenExpiry(bearerTokenOf(request) ?? '', this.settings.maxTokenAgeSeconds),
      this.settings.ticketTtlSeconds,
    );
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Redeems `?ticket=` and keeps the response open as the ticket's principal's stream; 401
   * (audited) for a missing, expired or used ticket, 429 over a cap.
   */
  async connect(request: AuthenticatedRequest, response: Response, query: unknown): Promise<void> {
    const parsed = streamQuery.safeParse(query);
    const redeemed = parsed.success
      ? await this.deps.tickets.redeem(this.deps.dataSource.manager, parsed.data.ticket)
      : undefined;
    if (!redeemed) {
      await auditRefusal(this.deps.audit, request, ANONYMOUS, 'auth.unauthenticated');
      throw new UnauthorizedException(
        `stream ticket missing, expired or already used: get a new one with ${this.settings.ticketRoute}`,
      );
    }
    this.admit(redeemed.principal);
    request.principal = redeemed.principal;
    this.open(redeemed.principal, response, auditOrigin(request), redeemed.tokenExpiresAt);
  }

  /**
   * Keeps the response open as an event stream for this principal until its token expires: then
   * `event: expired` tells the page to renew its token and reconnect with a new ticket.
   */
  open(principal: Principal, response: Response, origin: AuditOrigin, tokenExpiresAt: Date): void {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: 3000\n${sseMessage('ready', { at: new Date() })}`);
    const heartbeat = setInterval(() => {
      response.write(`: keep-alive\n\n`);
    }, this.settings.heartbeatMs);
    heartbeat.unref();
    const expiry = setTimeout(
      () => {
        response.write(sseMessage('expired', {}));
        this.close(client);
      },
      Math.max(0, tokenExpiresAt.getTime() - Date.now()),
    );
    expiry.unref();
    const client: OpenStream = {
      principal,
      origin,
      response,
      heartbeat,
      expiry,
      send: (event, data, id) => response.write(sseMessage(event, data, id)),
    };
    this.clients.add(client);
    response.on('close', () => this.forget(client));
  }

  /** Ends every open stream (shutdown, or an operator draining the instance). */
  closeAll(): void {
    for (const client of this.clients) this.close(client);
  }

  private admit(principal: Principal): void {
    const refusal = this.refusalFor(principal);
    if (refusal) throw new HttpException(refusal, HttpStatus.TOO_MANY_REQUESTS);
  }

  private forget(client: OpenStream): void {
    clearInterval(client.heartbeat);
    clearTimeout(client.expiry);
    this.clients.delete(client);
  }

  private close(client: OpenStream): void {
    this.forget(client);
    client.response.end();
  }

  private async listen(): Promise<void> {
    const listener = new Client({ connectionString: this.settings.databaseUrl });
    listener.on('notification', (message) => {
      const others = this.channelListeners.get(message.channel);
      if (others) for (const notify of others) notify();
      if (message.channel !== this.settings.channel || !message.payload) return;
      this.pending.push(message.payload);
      this.drainSoon();
    });
    listener.on('error', (error) => {
      this.deps.logger.warn(`${this.settings.name} listener connection failed; reconnecting`, {
        error: error.message,
      });
      this.scheduleReconnect();
    });
    try {
      await listener.connect();
      const channels = [this.settings.channel, ...this.channelListeners.keys()];
      // Channel names are checked identifiers: LISTEN takes no bound parameter.
      await listener.query(channels.map((c) => `LISTEN ${c}`).join('; '));
      this.listener = listener;
    } catch (error) {
      await listener.end().catch(() => undefined);
      this.deps.logger.warn(`${this.settings.name} listener could not connect; retrying`, {
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
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  /**
   * Pushes what was announced, in order. Announcements that arrive while a push is under way are
   * taken together in the next one, so a burst costs a few round trips instead of some per item.
   */
  private drainSoon(): void {
    if (this.draining) return;
    this.draining = (async () => {
      while (this.pending.length > 0 && !this.stopping) {
        const batch = [...new Set(this.pending.splice(0, PUSH_BATCH))];
        if (this.clients.size === 0) continue;
        try {
          await this.push(batch, [...this.clients]);
        } catch (error) {
          this.deps.logger.error(`${this.settings.name} push failed`, { ...describeError(error) });
        }
      }
    })().finally(() => {
      this.draining = undefined;
    });
  }
}
