import { zodDto } from '@careflow/platform';
import {
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  ANONYMOUS,
  ApiAnswer,
  AuditLog,
  auditRefusal,
  CurrentPrincipal,
  Public,
  Roles,
  auditOrigin,
  bearerTokenOf,
  verifiedTokenExpiry,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { FEED_ROLES } from '../access/caseload';
import { timestamp } from '@careflow/contracts';
import type { PcpNotificationConfig } from '../config';
import { PCP_NOTIFICATION_CONFIG } from '../tokens';
import { FeedHub } from './feed-hub';
import { StreamTickets, streamTicket } from './stream-tickets';
import { FeedRepository } from './feed.repository';
import { feedItemAnswer, feedPageAnswer } from './feed-answers';
import { MAX_FEED_PAGE, feedQuerySchema, toFeedItemView, type FeedItemView } from './feed-model';
import {
  acknowledgeFeedItemCommand,
  AcknowledgeFeedItemUseCase,
} from './use-cases/acknowledge-feed-item.use-case';

class FeedQueryDto extends zodDto(feedQuerySchema) {}
class FeedItemParams extends zodDto(acknowledgeFeedItemCommand) {}

const streamQuery = z.object({ ticket: streamTicket }).passthrough();
const streamTicketAnswer = z.object({
  ticket: streamTicket.describe('Pass as `ticket` to GET /feed/stream, once.'),
  expiresAt: timestamp.describe('The ticket is refused after this.'),
});

@ApiTags('feed')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or an invalid bearer token.' })
@ApiForbiddenResponse({ description: 'Integrators see no member data here.' })
@Controller('feed')
export class FeedController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(FeedHub) private readonly hub: FeedHub,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(StreamTickets) private readonly tickets: StreamTickets,
    @Inject(PCP_NOTIFICATION_CONFIG) private readonly config: PcpNotificationConfig,
    @Inject(AcknowledgeFeedItemUseCase)
    private readonly acknowledgeFeedItem: AcknowledgeFeedItemUseCase,
  ) {}

  @Get()
  @Roles(...FEED_ROLES)
  @ApiOperation({
    summary: "The caller's worklist, newest first",
    description:
      'A case manager sees the items of the members of their caseload; a supervisor sees all, including escalations. ' +
      `Cursor pagination: pass \`nextCursor\` back as \`cursor\`. \`limit\` is at most ${MAX_FEED_PAGE}; an unknown or malformed filter answers 400. Every item returned is written to the audit log.`,
  })
  @ApiAnswer(200, 'A page of the worklist, newest first.', feedPageAnswer)
  async list(
    @Query() query: FeedQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof feedPageAnswer>> {
    const parsed = query;
    const page = await this.feed.page(this.dataSource.manager, principal, parsed);
    const origin = auditOrigin(request);
    await this.audit.recordMany(
      page.items.length > 0
        ? page.items.map((item) => ({
            actor: principal,
            action: 'feed.read',
            resourceType: 'feed-item',
            resourceId: item.itemId,
            memberId: item.memberId,
            outcome: 'allowed' as const,
            ...origin,
          }))
        : [
            {
              actor: principal,
              action: 'feed.read',
              resourceType: 'feed',
              memberId: parsed.memberId ?? null,
              outcome: 'allowed' as const,
              ...origin,
            },
          ],
    );
    return { items: page.items.map(toFeedItemView), nextCursor: page.nextCursor };
  }

  @Post('stream-tickets')
  @HttpCode(201)
  @Roles(...FEED_ROLES)
  @ApiOperation({
    summary: 'A ticket that opens the live stream once',
    description:
      'EventSource cannot send an Authorization header, and a token in a URL ends up in logs and history: ' +
      'this answers a random ticket, valid for seconds (FEED_STREAM_TICKET_TTL_SECONDS) and for one `GET /feed/stream?ticket=`, ' +
      "bound to the caller and to the expiry of the caller's token (the stream closes then). 429 when the caller, " +
      'or the server, has as many streams open as allowed (FEED_STREAMS_PER_USER, FEED_STREAMS_MAX).',
  })
  @ApiAnswer(201, 'A stream ticket.', streamTicketAnswer)
  @ApiTooManyRequestsResponse({ description: 'Too many live streams open.' })
  async streamTicket(
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof streamTicketAnswer>> {
    this.admit(principal);
    const { ticket, expiresAt } = await this.tickets.issue(
      this.dataSource.manager,
      principal,
      verifiedTokenExpiry(bearerTokenOf(request) ?? '', this.config.AUTH_MAX_TOKEN_AGE_SECONDS),
      this.config.FEED_STREAM_TICKET_TTL_SECONDS,
    );
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  @Get('stream')
  @Public()
  @ApiOperation({
    summary: 'The worklist live, as Server-Sent Events',
    description:
      'Opens with a ticket from `POST /feed/stream-tickets` (single use). Sends `event: item` with a FeedItem (new or changed) ' +
      'for each item the caller may see, as it happens; every pushed item is written to the audit log. When the token the ' +
      'ticket was issued for expires, sends `event: expired` and closes: renew the token, get a new ticket, reconnect. ' +
      'A missing, expired or used ticket answers 401; too many open streams 429.',
  })
  @ApiQuery({ name: 'ticket', required: true, type: String })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream.' })
  @ApiTooManyRequestsResponse({ description: 'Too many live streams open.' })
  async stream(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Query() rawQuery: unknown,
  ): Promise<void> {
    const query = streamQuery.safeParse(rawQuery);
    const redeemed = query.success
      ? await this.tickets.redeem(this.dataSource.manager, query.data.ticket)
      : undefined;
    if (!redeemed) {
      await auditRefusal(this.audit, request, ANONYMOUS, 'auth.unauthenticated');
      throw new UnauthorizedException(
        'stream ticket missing, expired or already used: get a new one with POST /feed/stream-tickets',
      );
    }
    this.admit(redeemed.principal);
    request.principal = redeemed.principal;
    this.hub.open(redeemed.principal, response, auditOrigin(request), redeemed.tokenExpiresAt);
  }

  /** 429 when one more stream would exceed a cap. */
  private admit(principal: Principal): void {
    const refusal = this.hub.refusalFor(principal);
    if (refusal) throw new HttpException(refusal, HttpStatus.TOO_MANY_REQUESTS);
  }

  @Post(':itemId/acknowledge')
  @HttpCode(200)
  @Roles(...FEED_ROLES)
  @ApiOperation({
    summary: 'Mark a feed item as seen',
    description: 'An item outside the caller’s caseload answers 404, as if it did not exist.',
  })
  @ApiAnswer(200, 'The item after the change.', feedItemAnswer)
  @ApiNotFoundResponse({ description: 'No such item in the caller’s view.' })
  async acknowledge(
    @Param() params: FeedItemParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<FeedItemView> {
    const { itemId } = params;
    const origin = auditOrigin(request);
    const result = await this.acknowledgeFeedItem.execute({ itemId }, principal);
    await this.audit.record({
      actor: principal,
      action: 'feed.acknowledge',
      resourceType: 'feed-item',
      resourceId: itemId,
      memberId: result.outcome === 'not-found' ? null : result.memberId,
      outcome: result.outcome,
      ...origin,
    });
    if (result.outcome !== 'allowed') throw new NotFoundException(`no feed item ${itemId}`);
    return toFeedItemView(result.item);
  }
}
