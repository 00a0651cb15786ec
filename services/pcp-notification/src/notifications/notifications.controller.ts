import { zodDto } from '@careflow/platform';
import {
  Body,
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
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { identifier, pcpNotificationIssuedData } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  auditedRead,
  CurrentPrincipal,
  Roles,
  auditOrigin,
  traceparentOf,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { FEED_ROLES, seesMember } from '../access/caseload';
import { RenderLetterUseCase } from '../letters/use-cases/render-letter.use-case';
import { issuedEventOf, type Notification } from './notification';
import { NotificationRepository } from './notification.repository';
import { pcpCallNotes, RecordPcpCallUseCase } from './use-cases/record-pcp-call.use-case';

class NotificationParams extends zodDto(z.object({ id: identifier })) {}
class CompleteCallBody extends zodDto(pcpCallNotes) {}

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

/** A notification and whether the caller's caseload holds its member. */
interface Readable {
  readonly notification: Notification;
  readonly visible: boolean;
}

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
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(RecordPcpCallUseCase) private readonly recordPcpCall: RecordPcpCallUseCase,
    @Inject(RenderLetterUseCase) private readonly renderLetter: RenderLetterUseCase,
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
    const { notification } = await auditedRead(this.audit, {
      ...this.read(principal, request, 'notification.read', id),
      load: () => this.readable(id, principal),
      notFound: () => new NotFoundException(`no notification ${id}`),
    });
    return {
      ...issuedEventOf(notification),
      deliveryStatus: notification.deliveryStatus,
      templateVersion: notification.templateVersion,
      escalated: notification.escalatedAt !== null,
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
    const { notification, pdf } = await auditedRead<Readable & { pdf: Buffer | null }>(this.audit, {
      ...this.read(principal, request, 'letter.download', id),
      // Rendered only for a caller who may see it; a notification without a letter is not found.
      load: async () => {
        const found = await this.readable(id, principal);
        if (!found?.visible) return found && { ...found, pdf: null };
        const letter = await this.renderLetter.execute({ notificationId: id });
        return letter && { ...found, pdf: letter };
      },
      notFound: () => new NotFoundException(`no letter for notification ${id}`),
    });
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="${notification.kind}-${id}.pdf"`);
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
    const result = await this.recordPcpCall.execute(
      { notificationId: id, notes: body.notes },
      principal,
      traceparentOf(request),
    );
    await this.auditLookup(principal, request, 'call.complete', id, result);
    if (result.outcome !== 'allowed') throw new NotFoundException(`no notification ${id}`);
    return issuedEventOf(result.call);
  }

  /** What every read of a notification shares: who, what, the caseload rule on the loaded one. */
  private read(principal: Principal, request: AuthenticatedRequest, action: string, id: string) {
    return {
      principal,
      action,
      resourceType: 'notification',
      resourceId: id,
      origin: auditOrigin(request),
      visible: (found: Readable) => found.visible,
      memberOf: (found: Readable) => found.notification.memberId,
    };
  }

  private async readable(id: string, principal: Principal): Promise<Readable | null> {
    const manager = this.dataSource.manager;
    const notification = await this.notifications.byId(manager, id);
    if (!notification) return null;
    return { notification, visible: await seesMember(manager, principal, notification.memberId) };
  }

  private async auditLookup(
    principal: Principal,
    request: AuthenticatedRequest,
    action: string,
    id: string,
    found: { outcome: 'not-found' } | { outcome: 'denied' | 'allowed'; memberId: string },
  ): Promise<void> {
    await this.audit.record({
      actor: principal,
      action,
      resourceType: 'notification',
      resourceId: id,
      memberId: found.outcome === 'not-found' ? null : found.memberId,
      outcome: found.outcome,
      ...auditOrigin(request),
    });
  }
}
