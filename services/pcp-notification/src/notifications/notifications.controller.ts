import { zodDto } from '@careflow/platform';
import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { identifier, pcpNotificationIssuedData } from '@careflow/contracts';
import { MessagingRuntime } from '@careflow/messaging';
import {
  ApiAnswer,
  AuditLog,
  CurrentPrincipal,
  Roles,
  auditOrigin,
  returningRows,
  traceparentOf,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { FEED_ROLES, seesMember } from '../access/caseload';
import { FeedRepository } from '../feed/feed.repository';
import {
  NOTIFICATION_COLUMNS,
  issuedEventOf,
  publishNotification,
  type NotificationRow,
} from './notification-issuer';

class NotificationParams extends zodDto(z.object({ id: identifier })) {}
const completeSchema = z
  .object({
    notes: z.string().trim().min(1).max(4000).describe('What was discussed with the PCP.'),
  })
  .strict();
class CompleteCallBody extends zodDto(completeSchema) {}

/** A notification as published on pcp.notifications.v1. */
const notificationAnswer = pcpNotificationIssuedData;
const notificationWithDeliveryAnswer = pcpNotificationIssuedData.extend({
  deliveryStatus: z
    .enum(['queued', 'delivered', 'failed'])
    .nullable()
    .describe('Delivery of the letter to the PCP; null for calls.'),
  templateVersion: z.number().int().nullable().describe('The letter template version used.'),
  escalated: z.boolean().describe('The call went past its due time and was escalated.'),
});

type Lookup =
  | { outcome: 'not-found' }
  | { outcome: 'denied'; row: NotificationRow }
  | { outcome: 'allowed'; row: NotificationRow };

/** Notifications by id: the letter PDF, the notification itself, and recording a call. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or an invalid bearer token.' })
@ApiForbiddenResponse({ description: 'Integrators see no member data here.' })
@ApiNotFoundResponse({
  description:
    'No such notification, or one of a member outside the caller’s caseload (404 either way: ids of other caseloads are not confirmed).',
})
@Roles(...FEED_ROLES)
@Controller('notifications')
export class NotificationsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(FeedRepository) private readonly feed: FeedRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A notification as published on pcp.notifications.v1, with its delivery state',
  })
  @ApiAnswer(200, 'The notification.', notificationWithDeliveryAnswer)
  async get(
    @Param() params: NotificationParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof notificationWithDeliveryAnswer>> {
    const { id } = params;
    const found = await this.lookup(this.dataSource.manager, id, principal);
    await this.auditLookup(principal, request, 'notification.read', id, found);
    if (found.outcome !== 'allowed') throw new NotFoundException(`no notification ${id}`);
    return {
      ...issuedEventOf(found.row),
      deliveryStatus: found.row.delivery_status,
      templateVersion: found.row.template_version,
      escalated: found.row.escalated_at !== null,
    };
  }

  @Get(':id/letter.pdf')
  @ApiOperation({ summary: 'The letter sent to the PCP, as a PDF (audited)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF.' })
  async letter(
    @Param() params: NotificationParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { id } = params;
    const found = await this.lookup(this.dataSource.manager, id, principal);
    let pdf: Buffer | null = null;
    if (found.outcome === 'allowed') {
      const rows = await this.dataSource.query<{ letter_pdf: Buffer | null }[]>(
        `SELECT letter_pdf FROM notifications WHERE notification_id = $1`,
        [id],
      );
      pdf = rows[0]?.letter_pdf ?? null;
    }
    await this.auditLookup(
      principal,
      request,
      'letter.download',
      id,
      found.outcome === 'allowed' && !pdf ? { outcome: 'not-found' } : found,
    );
    if (found.outcome !== 'allowed' || !pdf)
      throw new NotFoundException(`no letter for notification ${id}`);
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="${found.row.kind}-${id}.pdf"`);
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.status(200).end(pdf);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the call to the PCP and close the call task',
    description:
      'Only `condition-change-call` notifications are completed. Publishes the notification again on pcp.notifications.v1 with status `completed`.',
  })
  @ApiAnswer(200, 'The notification after the change.', notificationAnswer)
  @ApiConflictResponse({ description: 'Not a call, or already completed.' })
  async complete(
    @Param() params: NotificationParams,
    @Body() body: CompleteCallBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof notificationAnswer>> {
    const { id } = params;
    const { notes } = body;
    const result = await this.messaging.transaction(async (uow) => {
      const found = await this.lookup(uow.manager, id, principal, true);
      if (found.outcome !== 'allowed') return { found, updated: null };
      const row = found.row;
      if (row.kind !== 'condition-change-call')
        throw new ConflictException('only calls (condition-change-call) are completed');
      if (row.status !== 'pending')
        throw new ConflictException(`the call is already ${row.status}`);
      const rows: NotificationRow[] = await returningRows<NotificationRow>(
        uow.manager,
        `UPDATE notifications SET status = 'completed', completed_at = now(), completed_by = $2, call_notes = $3,
                updated_at = now()
          WHERE notification_id = $1 RETURNING ${NOTIFICATION_COLUMNS}`,
        [id, principal.id, notes],
      );
      const updated = rows[0]!;
      publishNotification(uow, updated);
      await this.feed.updateForNotification(
        uow.manager,
        id,
        'condition-change-call',
        'completed',
        `Call recorded by ${principal.name}.`,
      );
      await this.feed.updateForNotification(uow.manager, id, 'call-escalated', 'completed');
      return { found, updated };
    }, traceparentOf(request));
    await this.auditLookup(principal, request, 'call.complete', id, result.found);
    if (!result.updated) throw new NotFoundException(`no notification ${id}`);
    return issuedEventOf(result.updated);
  }

  private async lookup(
    manager: EntityManager,
    id: string,
    principal: Principal,
    forUpdate = false,
  ): Promise<Lookup> {
    const rows: NotificationRow[] = await manager.query(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE notification_id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    const row = rows[0];
    if (!row) return { outcome: 'not-found' };
    return (await seesMember(manager, principal, row.member_id))
      ? { outcome: 'allowed', row }
      : { outcome: 'denied', row };
  }

  private async auditLookup(
    principal: Principal,
    request: AuthenticatedRequest,
    action: string,
    id: string,
    found: Lookup,
  ): Promise<void> {
    await this.audit.record({
      actor: principal,
      action,
      resourceType: 'notification',
      resourceId: id,
      memberId: found.outcome === 'not-found' ? null : found.row.member_id,
      outcome: found.outcome,
      ...auditOrigin(request),
    });
  }
}
