import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { timestamp } from '@careflow/contracts';
import {
  ApiAnswer,
  CurrentPrincipal,
  Public,
  Roles,
  streamTicket,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { WorkspaceStream } from './workspace-stream';

const streamTicketAnswer = z.object({
  ticket: streamTicket.describe('Pass as `ticket` to GET /workspace/stream, once.'),
  expiresAt: timestamp.describe('The ticket is refused after this.'),
});

/** The workspace's live stream: a single-use ticket, then Server-Sent Events. */
@ApiTags('workspace')
@Controller('workspace')
export class WorkspaceStreamController {
  constructor(@Inject(WorkspaceStream) private readonly stream: WorkspaceStream) {}

  @Post('stream-tickets')
  @HttpCode(201)
  @Roles('case-manager', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'A ticket that opens the workspace stream once',
    description:
      'EventSource cannot send an Authorization header, and a token in a URL ends up in logs and history: ' +
      'this answers a random ticket, valid for seconds (WORKSPACE_STREAM_TICKET_TTL_SECONDS) and for one ' +
      "`GET /workspace/stream?ticket=`, bound to the caller and to the expiry of the caller's token (the stream closes then). " +
      '429 when the caller, or the server, has as many streams open as allowed (WORKSPACE_STREAMS_PER_USER, WORKSPACE_STREAMS_MAX).',
  })
  @ApiAnswer(201, 'A stream ticket.', streamTicketAnswer)
  @ApiTooManyRequestsResponse({ description: 'Too many live streams open.' })
  async ticket(
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof streamTicketAnswer>> {
    return this.stream.hub.issueTicket(principal, request);
  }

  @Get('stream')
  @Public()
  @ApiOperation({
    summary: 'Changes of the cases the caller may see, live, as Server-Sent Events',
    description:
      'Opens with a ticket from `POST /workspace/stream-tickets` (single use). Sends `event: case` ' +
      '(`{caseId, memberId, status, caseManagerId}`) when a case the caller may see changes (identified, assigned, status ' +
      'changed, outreach logged, assessment overdue), the caseload rule applied when it is sent: a case manager hears ' +
      'their own cases, supervisors and admins every case; each is written to the audit log (`workspace.stream`). ' +
      'A case reassigned away sends `event: case-left` (`{caseId}`) to its former case manager. When the token the ticket ' +
      'was issued for expires, sends `event: expired` and closes: renew the token, get a new ticket, reconnect, and reload ' +
      'what the page shows (nothing is replayed). A missing, expired or used ticket answers 401; too many open streams 429.',
  })
  @ApiQuery({ name: 'ticket', required: true, type: String })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream.' })
  @ApiTooManyRequestsResponse({ description: 'Too many live streams open.' })
  async open(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Query() rawQuery: unknown,
  ): Promise<void> {
    await this.stream.hub.connect(request, response, rawQuery);
  }
}
