import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { crdDiscovery } from '@careflow/interop-mapping';
import { AuditLog, auditOrigin, ExternallyAuthenticated } from '@careflow/platform';
import type { InteropGatewayConfig } from '../config';
import { INTEROP_GATEWAY_CONFIG } from '../interop-gateway.tokens';
import { CDS_CLIENT_JWT, CdsClientGuard, type CdsClientRequest } from './cds-client.guard';
import { AnswerOrderHookUseCase } from './use-cases/answer-order-hook.use-case';

/**
 * CDS Hooks 2.0 for Da Vinci CRD: discovery and the order hooks. Callers are EHRs (CDS clients)
 * authenticated by their own signed JWTs (CdsClientGuard), not Careflow users.
 */
@ApiTags('cds-hooks')
@ExternallyAuthenticated(CDS_CLIENT_JWT)
@UseGuards(CdsClientGuard)
@Controller('cds-services')
export class CdsHooksController {
  constructor(
    @Inject(AnswerOrderHookUseCase) private readonly answerOrderHook: AnswerOrderHookUseCase,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(INTEROP_GATEWAY_CONFIG) private readonly config: InteropGatewayConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'CDS Hooks discovery: the CRD services, their hooks and prefetch templates',
  })
  @ApiOkResponse({ description: 'The discovery document (CDS Hooks 2.0, "Discovery").' })
  discovery() {
    return crdDiscovery(this.config.CRD_ROUTING_CARD);
  }

  @Post(':serviceId')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Call a CRD service (order-sign or order-select)',
    description:
      "A CDS Hooks request with the draft orders in context and Patient, Coverage (and the ordering Practitioner) prefetched. Answers one coverage-information system action per drug order (covered, pa-needed, the deciding vendor as contact, reasons, policy links) and, unless the client turned it off, a card saying it in words. A request without the Patient or Coverage prefetch gets a card saying so: this service does not query the EHR's FHIR server. The member's coverage read is audited.",
  })
  @ApiParam({ name: 'serviceId', enum: ['crd-order-sign', 'crd-order-select'] })
  @ApiBody({ schema: { type: 'object', description: 'A CDS Hooks 2.0 service request.' } })
  @ApiOkResponse({ description: 'The CDS Hooks response: cards and systemActions.' })
  async call(
    @Param('serviceId') serviceId: string,
    @Body() body: unknown,
    @Req() request: CdsClientRequest,
  ) {
    const result = await this.answerOrderHook.execute({ serviceId, request: body });
    await this.audit.record({
      actor: request.principal!,
      action: `crd.${result.hook}`,
      resourceType: 'member-coverage',
      resourceId: result.memberId,
      memberId: result.memberId,
      outcome: result.memberFound ? 'allowed' : 'not-found',
      ...auditOrigin(request),
    });
    return result.response;
  }
}
