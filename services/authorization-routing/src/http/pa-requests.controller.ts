import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Clock } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
  CLOCK,
  CurrentPrincipal,
  Roles,
  auditOrigin,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import {
  overdueAlerts,
  recordedDetermination,
  storedDecision,
  type OverdueAlerts,
  type RecordedDetermination,
  type StoredDecision,
} from './answers';
import { RecordDeterminationUseCase } from '../determinations/use-cases/record-determination.use-case';
import { PaRequestRepository } from '../pa-requests/pa-request.repository';
import { ReadDecisionUseCase } from '../pa-requests/use-cases/read-decision.use-case';
import { DeterminationBody, OverdueQuery, RequestIdParam } from './dto';
import { inVendorScope, vendorFilterOf, vendorScopeOf } from '../common/vendor-scope';

@ApiTags('PA requests')
@Controller()
export class PaRequestsController {
  constructor(
    @Inject(ReadDecisionUseCase) private readonly readDecision: ReadDecisionUseCase,
    @Inject(RecordDeterminationUseCase)
    private readonly recordDetermination: RecordDeterminationUseCase,
    @Inject(PaRequestRepository) private readonly requests: PaRequestRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('pa-requests/:requestId/decision')
  @ApiAnswer(200, 'The decision as published, with when and how it was made.', storedDecision)
  @ApiNotFoundResponse({
    description:
      "No decision: the request is unknown (`status: unknown`; also a request not routed to one of an integrator's vendors) or held until the member's coverage arrives (`status: pending-coverage`, `holdUntil`; supervisors and admins only).",
  })
  @Roles('integrator', 'admin', 'supervisor')
  @ApiOperation({
    summary:
      'The decision stored for a PA request; 404 with status "unknown" or "pending-coverage".',
  })
  async decision(
    @Param() params: RequestIdParam,
    @CurrentPrincipal() principal: Principal,
    @Req() req: AuthenticatedRequest,
  ): Promise<StoredDecision> {
    const { requestId } = params;
    const found = await this.readDecision.execute({ requestId });
    const scope = vendorScopeOf(principal);
    const entry = {
      actor: principal,
      action: 'pa-decision.read',
      resourceType: 'pa-request',
      resourceId: requestId,
      ...auditOrigin(req),
    };
    switch (found.kind) {
      case 'unknown':
        await this.audit.record({ ...entry, memberId: null, outcome: 'not-found' });
        throw unknownRequest();
      case 'held':
        // A held request has no vendor yet: only those who see every request learn it is held.
        if (scope.kind !== 'all') {
          await this.audit.record({ ...entry, memberId: found.memberId, outcome: 'denied' });
          throw unknownRequest();
        }
        await this.audit.record({ ...entry, memberId: found.memberId, outcome: 'not-found' });
        throw new NotFoundException({
          message: `No decision yet: the request is held until the member's coverage arrives (at the latest until ${found.holdUntil.toISOString()}).`,
          status: 'pending-coverage',
          holdUntil: found.holdUntil.toISOString(),
        });
      case 'decided': {
        const { decision: stored } = found;
        if (!inVendorScope(scope, stored.decision.vendor?.id)) {
          // Another vendor's request answers like an unknown one: its existence is not confirmed.
          await this.audit.record({ ...entry, memberId: stored.memberId, outcome: 'denied' });
          throw unknownRequest();
        }
        await this.audit.record({ ...entry, memberId: stored.memberId, outcome: 'allowed' });
        return {
          ...stored.decision,
          receivedAt: stored.receivedAt.toISOString(),
          decidedAt: stored.decidedAt.toISOString(),
          coverageStatus: stored.coverageStatus,
          deadline: stored.deadline,
          determination: stored.determination && {
            determination: stored.determination.determination,
            date: stored.determination.date,
            recordedAt: stored.determination.recordedAt?.toISOString() ?? null,
            recordedBy: stored.determination.recordedBy,
          },
        };
      }
    }
  }

  @Post('pa-requests/:requestId/determination')
  @ApiAnswer(200, 'The determination recorded.', recordedDetermination)
  @ApiNotFoundResponse({
    description:
      "No decision is stored for this request, or it was not routed to one of the integrator's vendors.",
  })
  @ApiConflictResponse({
    description:
      'The request was decided not-eligible (`error: decided-not-eligible`: no vendor determination to record), or a determination is already recorded (`error: determination-already-recorded`; only a supervisor, with a reason, replaces it).',
  })
  @HttpCode(200)
  @Roles('integrator', 'admin', 'supervisor')
  @ApiOperation({
    summary:
      "Records the vendor's determination (approved, denied, pended) of a routed or manual-review request; a recorded one is replaced only by a supervisor giving a reason.",
  })
  async determination(
    @Param() params: RequestIdParam,
    @Body() body: DeterminationBody,
    @CurrentPrincipal() principal: Principal,
    @Req() req: AuthenticatedRequest,
  ): Promise<RecordedDetermination> {
    return this.recordDetermination.execute(
      { requestId: params.requestId, ...body },
      { principal, origin: auditOrigin(req) },
    );
  }

  @Get('alerts/overdue')
  @ApiAnswer(200, 'Overdue routed decisions, the most overdue first.', overdueAlerts)
  @Roles('integrator', 'admin', 'supervisor')
  @ApiOperation({
    summary:
      "Routed decisions past their deadline (dueBy) with no determination recorded (an integrator: its vendors' only).",
  })
  async overdue(
    @Query() query: OverdueQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() req: AuthenticatedRequest,
  ): Promise<OverdueAlerts> {
    const { total, decisions } = await this.requests.overdue(
      query.limit,
      vendorFilterOf(vendorScopeOf(principal)),
    );
    await this.audit.recordMany(
      decisions.map((d) => ({
        actor: principal,
        action: 'overdue-alert.read',
        resourceType: 'pa-request',
        resourceId: d.requestId,
        memberId: d.memberId,
        outcome: 'allowed' as const,
        ...auditOrigin(req),
      })),
    );
    const now = this.clock.now().getTime();
    return {
      total,
      alerts: decisions.map((d) => ({
        requestId: d.requestId,
        memberId: d.memberId,
        vendorId: d.vendorId,
        submissionChannel: d.submissionChannel,
        policyVersion: d.policyVersion,
        dueBy: d.dueBy.toISOString(),
        decidedAt: d.decidedAt.toISOString(),
        overdueMinutes: Math.floor((now - d.dueBy.getTime()) / 60_000),
      })),
    };
  }
}

function unknownRequest(): NotFoundException {
  return new NotFoundException({
    message: 'No PA request with this id has been received.',
    status: 'unknown',
  });
}
