import {
  Body,
  Controller,
  HttpCode,
  Inject,
  NotFoundException,
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
import {
  AuditLog,
  auditedRead,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  zodDto,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { FEED_ROLES, seesMember } from '../access/caseload';
import type { CaseProjection } from '../cases/case.repository';
import {
  PreviewStatusUpdateLetterUseCase,
  statusUpdateDraft,
} from './use-cases/preview-status-update-letter.use-case';

class StatusUpdateDraftBody extends zodDto(statusUpdateDraft) {}

/** Letters before they are sent: the case manager's preview of a status update letter. */
@ApiTags('letters')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or an invalid bearer token.' })
@ApiForbiddenResponse({ description: 'Integrators see no member data here.' })
@Roles(...FEED_ROLES)
@Controller('letters')
export class LetterPreviewController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(PreviewStatusUpdateLetterUseCase)
    private readonly preview: PreviewStatusUpdateLetterUseCase,
  ) {}

  @Post('status-update/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The clinical status update letter a draft would send the PCP, as a PDF (audited)',
    description:
      "Renders the current `clinical-status-update` template with the PCP on file and the member's and case's facts, as `POST /cases/{caseId}/status-updates` at case-management would have this service write it; the footer says PREVIEW. Nothing is recorded, published or sent. A case manager previews the cases of their caseload only.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF.' })
  @ApiNotFoundResponse({
    description: 'No such case, or one of a member outside the caller’s caseload (404 either way).',
  })
  @ApiConflictResponse({
    description:
      'The case is not enrolled (`case-not-enrolled`), or coverage names no PCP (`pcp-missing`): no letter would be sent.',
  })
  async statusUpdatePreview(
    @Body() body: StatusUpdateDraftBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
  ): Promise<void> {
    const manager = this.dataSource.manager;
    const pdf = await this.preview.execute(
      { ...body, recordedBy: { id: principal.id, name: principal.name } },
      async (caseId, load) => {
        const readable = await auditedRead(this.audit, {
          principal,
          action: 'letter.preview',
          resourceType: 'case',
          resourceId: caseId,
          origin: auditOrigin(request),
          load: async () => {
            const found = await load();
            return (
              found && { found, visible: await seesMember(manager, principal, found.memberId) }
            );
          },
          visible: (r: { found: CaseProjection; visible: boolean }) => r.visible,
          memberOf: (r) => r.found.memberId,
          notFound: () => new NotFoundException(`case ${caseId} not found`),
        });
        return readable.found;
      },
    );
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', 'inline; filename="status-update-preview.pdf"');
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.status(200).end(pdf);
  }
}
