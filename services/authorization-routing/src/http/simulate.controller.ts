import { Body, Controller, HttpCode, Inject, NotFoundException, Post, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiAnswer,
  AuditLog,
  CurrentPrincipal,
  Roles,
  auditOrigin,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { simulatedDecision, type SimulatedDecision } from './answers';
import { SimulateRoutingUseCase } from '../routing/use-cases/simulate-routing.use-case';
import { SimulateBody } from './dto';
import { inVendorScope, vendorScopeOf } from '../common/vendor-scope';

@ApiTags('Routing')
@Controller('routing')
export class SimulateController {
  constructor(
    @Inject(SimulateRoutingUseCase) private readonly simulateRouting: SimulateRoutingUseCase,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Post('simulate')
  @ApiAnswer(
    200,
    'The decision the request would get; nothing is published or stored.',
    simulatedDecision,
  )
  @ApiNotFoundResponse({
    description:
      "For an integrator: the request would not be routed to one of its vendors (the token's vendors claim).",
  })
  @HttpCode(200)
  @Roles('integrator', 'admin', 'supervisor')
  @ApiOperation({
    summary:
      'Answers the decision for a PA request body (with an optional coverage override) without publishing or storing it.',
  })
  async simulate(
    @Body() body: SimulateBody,
    @CurrentPrincipal() principal: Principal,
    @Req() req: AuthenticatedRequest,
  ): Promise<SimulatedDecision> {
    const simulation = await this.simulateRouting.execute(body);
    const { record } = simulation;
    const target = { resourceType: 'routing-simulation', resourceId: body.requestId };
    const origin = auditOrigin(req);
    if (simulation.coverageSource === 'read-model') {
      await this.audit.record({
        actor: principal,
        action: 'coverage.read',
        ...target,
        memberId: body.memberId,
        outcome: simulation.memberKnown ? 'allowed' : 'not-found',
        ...origin,
      });
    }
    // An integrator learns only decisions that route to one of its vendors: another vendor's (or
    // none, manual review) answers 404 like an unknown request, and the refusal is audited.
    if (!inVendorScope(vendorScopeOf(principal), record.decision.vendor?.id)) {
      await this.audit.record({
        actor: principal,
        action: 'routing.simulate',
        ...target,
        memberId: body.memberId,
        outcome: 'denied',
        ...origin,
      });
      throw new NotFoundException({
        message: "No decision for this request among the caller's vendors.",
        status: 'unknown',
      });
    }
    return {
      ...record.decision,
      coverageSource: simulation.coverageSource,
      coverageStatus: simulation.unknownMember ? 'unknown-member' : record.coverageStatus,
      deadline: record.deadline,
    };
  }
}
