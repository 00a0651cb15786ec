import { Body, Controller, HttpCode, Inject, NotFoundException, Post, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { MemberCoverageReadModel } from '@careflow/coverage-read-model';
import { SYSTEM_RULE_IDS } from '@careflow/michigan-policy';
import {
  ApiAnswer,
  AuditLog,
  CurrentPrincipal,
  Roles,
  auditOrigin,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { AUTHORIZATION_ROUTING_CONFIG } from '../tokens';
import type { AuthorizationRoutingConfig } from '../config';
import type { CoverageFinding } from '../routing/decide';
import { simulatedDecision, type SimulatedDecision } from './answers';
import { findingFor, RoutingService } from '../routing/routing.service';
import { SimulateBody } from './dto';
import { inVendorScope, vendorScopeOf } from './vendor-scope';

@ApiTags('Routing')
@Controller('routing')
export class SimulateController {
  private readonly readModel = new MemberCoverageReadModel();

  constructor(
    @Inject(RoutingService) private readonly routing: RoutingService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(AUTHORIZATION_ROUTING_CONFIG) private readonly config: AuthorizationRoutingConfig,
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
    const { coverage, receivedAt, ...request } = body;
    const at = receivedAt ? new Date(receivedAt) : new Date();
    let finding: CoverageFinding | null;
    let coverageSource: 'override' | 'read-model';
    if (coverage !== undefined) {
      coverageSource = 'override';
      finding = coverage === null ? { status: 'no-coverage' } : { status: 'covered', coverage };
    } else {
      coverageSource = 'read-model';
      const snapshot = await this.readModel.snapshotOf(this.dataSource.manager, request.memberId);
      finding = findingFor(snapshot ?? undefined, request.dateOfService);
      await this.audit.record({
        actor: principal,
        action: 'coverage.read',
        resourceType: 'routing-simulation',
        resourceId: request.requestId,
        memberId: request.memberId,
        outcome: snapshot ? 'allowed' : 'not-found',
        ...auditOrigin(req),
      });
    }
    if (finding === null) {
      // A real request would be held for the coverage; the simulation says what happens if it
      // never comes, and that it is waiting.
      const record = this.routing.decide(request, at, {
        status: 'never-received',
        waitedMs: this.config.COVERAGE_WAIT_MS,
      });
      await this.refuseOutOfScope(principal, req, request, record.decision.vendor?.id);
      return {
        ...record.decision,
        reasons: [
          `No coverage has been received for this member: a real request would be held for up to ${Math.round(this.config.COVERAGE_WAIT_MS / 60_000)} minutes for it, then decided as below.`,
          ...record.decision.reasons,
        ],
        ruleTrace: [SYSTEM_RULE_IDS.coverageUnknownMember, ...record.decision.ruleTrace],
        coverageSource,
        coverageStatus: 'unknown-member',
        deadline: null,
      };
    }
    const record = this.routing.decide(request, at, finding);
    await this.refuseOutOfScope(principal, req, request, record.decision.vendor?.id);
    return {
      ...record.decision,
      coverageSource,
      coverageStatus: record.coverageStatus,
      deadline: record.deadline,
    };
  }

  /**
   * An integrator learns only decisions that route to one of its vendors: another vendor's (or
   * none, manual review) answers 404 like an unknown request, and the refusal is audited.
   */
  private async refuseOutOfScope(
    principal: Principal,
    req: AuthenticatedRequest,
    request: { requestId: string; memberId: string },
    vendorId: string | undefined,
  ): Promise<void> {
    if (inVendorScope(vendorScopeOf(principal), vendorId)) return;
    await this.audit.record({
      actor: principal,
      action: 'routing.simulate',
      resourceType: 'routing-simulation',
      resourceId: request.requestId,
      memberId: request.memberId,
      outcome: 'denied',
      ...auditOrigin(req),
    });
    throw new NotFoundException({
      message: "No decision for this request among the caller's vendors.",
      status: 'unknown',
    });
  }
}
