import { zodDto } from '@careflow/platform';
import {
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
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
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  ANONYMOUS,
  ApiAnswer,
  AuditLog,
  CurrentPrincipal,
  InvalidTokenError,
  Public,
  Roles,
  auditOrigin,
  hasRole,
  AccessTokenVerifier,
  bearerTokenOf,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { FEED_ROLES, itemVisibleTo, caseManagersOf } from '../access/caseload';
import { FeedHub } from './feed-hub';
import { FeedRepository } from './feed.repository';
import { feedItemAnswer, feedPageAnswer } from './feed-answers';
import { MAX_FEED_PAGE, feedQuerySchema, toFeedItemView, type FeedItemView } from './feed-model';

class FeedQueryDto extends zodDto(feedQuerySchema) {}
class FeedItemParams extends zodDto(z.object({ itemId: z.uuid() })) {}

const streamQuery = z.object({ access_token: z.string().max(4096).optional() }).passthrough();

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
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
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
            resourceId: item.item_id,
            memberId: item.member_id,
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

  @Get('stream')
  @Public()
  @ApiOperation({
    summary: 'The worklist live, as Server-Sent Events',
    description:
      'Sends `event: item` with a FeedItem (new or changed) for each item the caller may see, as it happens. ' +
      'Authenticate with `Authorization: Bearer <JWT>`; because EventSource cannot set headers, this route (and only this one) ' +
      'also accepts the token as `?access_token=`. Every pushed item is written to the audit log.',
  })
  @ApiQuery({ name: 'access_token', required: false, type: String })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream.' })
  async stream(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Query() rawQuery: unknown,
  ): Promise<void> {
    const bearer = bearerTokenOf(request);
    const query = streamQuery.safeParse(rawQuery);
    const token = bearer ?? (query.success ? query.data.access_token : undefined);
    // Public for the guard (the token may come in the query), so its refusals are audited here
    // as the guard audits everyone else's.
    const refuse = (actor: Principal, action: string): Promise<void> =>
      this.audit.record({
        actor,
        action,
        resourceType: 'route',
        resourceId: 'GET /feed/stream',
        outcome: 'denied',
        ...auditOrigin(request),
      });
    if (!token) {
      await refuse(ANONYMOUS, 'auth.unauthenticated');
      throw new UnauthorizedException(
        'missing bearer token (Authorization header, or access_token for the stream)',
      );
    }
    let principal: Principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      await refuse(ANONYMOUS, 'auth.unauthenticated');
      throw new UnauthorizedException(
        error instanceof InvalidTokenError ? error.message : 'token is not valid',
      );
    }
    if (!hasRole(principal, ...FEED_ROLES)) {
      await refuse(principal, 'auth.forbidden');
      throw new ForbiddenException(`this route needs one of the roles: ${FEED_ROLES.join(', ')}`);
    }
    request.principal = principal;
    this.hub.open(principal, response, auditOrigin(request));
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
    const result = await this.dataSource.transaction(async (manager) => {
      const row = await this.feed.byId(manager, itemId);
      if (!row) return { outcome: 'not-found' as const };
      const owners = await caseManagersOf(manager, row.member_id);
      if (!itemVisibleTo(principal, row.audience, owners))
        return { outcome: 'denied' as const, memberId: row.member_id };
      const updated = await this.feed.acknowledge(manager, itemId, principal.id);
      return { outcome: 'allowed' as const, row: updated! };
    });
    await this.audit.record({
      actor: principal,
      action: 'feed.acknowledge',
      resourceType: 'feed-item',
      resourceId: itemId,
      memberId: result.outcome === 'not-found' ? null : (result.memberId ?? result.row?.member_id),
      outcome: result.outcome,
      ...origin,
    });
    if (result.outcome !== 'allowed') throw new NotFoundException(`no feed item ${itemId}`);
    return toFeedItemView(result.row);
  }
}
