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
  Query,
  Req,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { PaRoutingDecision } from '@careflow/contracts';
import {
  ApiAnswer,
  AuditLog,
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
import type { CoverageStatus } from '../routing/decide';
import { DeterminationStore } from '../determinations/determination-store';
import { DeterminationBody, OverdueQuery, RequestIdParam, type Determination } from './dto';
import { inVendorScope, vendorFilterOf, vendorScopeOf } from './vendor-scope';

interface DecisionRow {
  request_id: string;
  member_id: string;
  decision: PaRoutingDecision;
  coverage_status: CoverageStatus;
  deadline_regime: string | null;
  deadline_source: string | null;
  received_at: Date;
  decided_at: Date;
  determination: Determination | null;
  determination_date: string | null;
  determination_recorded_at: Date | null;
  determination_recorded_by: string | null;
}

@ApiTags('PA requests')
@Controller()
export class PaRequestsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(DeterminationStore) private readonly determinations: DeterminationStore,
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
    const rows: DecisionRow[] = await this.dataSource.query(
      `SELECT d.request_id, d.member_id, d.decision, d.coverage_status, d.deadline_regime,
              d.deadline_source, p.received_at, d.decided_at, d.determination,
              to_char(d.determination_date, 'YYYY-MM-DD') AS determination_date,
              d.determination_recorded_at, d.determination_recorded_by
         FROM routing_decisions d JOIN pa_requests p USING (request_id)
        WHERE d.request_id = $1`,
      [requestId],
    );
    const row = rows[0];
    const scope = vendorScopeOf(principal);
    const entry = {
      actor: principal,
      action: 'pa-decision.read',
      resourceType: 'pa-request',
      resourceId: requestId,
      ...auditOrigin(req),
    };
    if (row && !inVendorScope(scope, row.decision.vendor?.id)) {
      // Another vendor's request answers like an unknown one: its existence is not confirmed.
      await this.audit.record({ ...entry, memberId: row.member_id, outcome: 'denied' });
      throw unknownRequest();
    }
    if (!row) {
      const held: { member_id: string; hold_until: Date }[] = await this.dataSource.query(
        `SELECT member_id, hold_until FROM pending_requests WHERE request_id = $1`,
        [requestId],
      );
      const pending = held[0];
      // A held request has no vendor yet: only those who see every request learn it is held.
      const shown = pending && scope.kind === 'all' ? pending : undefined;
      await this.audit.record({
        ...entry,
        memberId: pending?.member_id ?? null,
        outcome: pending && !shown ? 'denied' : 'not-found',
      });
      if (shown) {
        throw new NotFoundException({
          message: `No decision yet: the request is held until the member's coverage arrives (at the latest until ${shown.hold_until.toISOString()}).`,
          status: 'pending-coverage',
          holdUntil: shown.hold_until.toISOString(),
        });
      }
      throw unknownRequest();
    }
    await this.audit.record({ ...entry, memberId: row.member_id, outcome: 'allowed' });
    return {
      ...row.decision,
      receivedAt: row.received_at.toISOString(),
      decidedAt: row.decided_at.toISOString(),
      coverageStatus: row.coverage_status,
      // Stored together: both or neither.
      deadline:
        row.deadline_regime && row.deadline_source
          ? { regimeId: row.deadline_regime, source: row.deadline_source }
          : null,
      determination:
        row.determination && row.determination_date
          ? {
              determination: row.determination,
              date: row.determination_date,
              recordedAt: row.determination_recorded_at?.toISOString() ?? null,
              recordedBy: row.determination_recorded_by,
            }
          : null,
    };
  }

  @Post('pa-requests/:requestId/determination')
  @ApiAnswer(200, 'The determination recorded.', recordedDetermination)
  @ApiNotFoundResponse({
    description:
      "No decision is stored for this request, or it was not routed to one of the integrator's vendors.",
  })
  @ApiConflictResponse({
    description:
      'The request was decided not-eligible (no vendor determination to record), or a determination is already recorded (only a supervisor, with a reason, replaces it).',
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
    const { requestId } = params;
    const { determination, date, reason } = body;
    const result = await this.determinations.record(
      requestId,
      { determination, date, reason },
      principal,
    );
    const replaced = result.kind === 'recorded' && result.replaced;
    await this.audit.record({
      actor: principal,
      // An override has its own action, so the accounting shows every replacement.
      action: replaced ? 'pa-determination.override' : 'pa-determination.record',
      resourceType: 'pa-request',
      resourceId: requestId,
      memberId: result.kind === 'not-found' ? null : result.memberId,
      outcome:
        result.kind === 'recorded'
          ? 'allowed'
          : result.kind === 'not-found'
            ? 'not-found'
            : 'denied',
      ...auditOrigin(req),
    });
    switch (result.kind) {
      case 'not-found':
      case 'out-of-scope':
        throw new NotFoundException({
          message: 'No decision is stored for this request (unknown, or still held for coverage).',
        });
      case 'not-eligible':
        throw new ConflictException({
          message:
            'The request was decided not-eligible: there is no vendor determination to record.',
        });
      case 'already-recorded':
        throw new ConflictException({
          message:
            'A determination is already recorded for this request; only a supervisor giving a reason may replace it.',
        });
      case 'recorded':
        return {
          requestId,
          determination,
          date,
          ...(replaced ? { reason } : {}),
          recordedBy: principal.id,
          replaced,
        };
    }
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
    const { limit } = query;
    const rows: {
      request_id: string;
      member_id: string;
      vendor_id: string;
      submission_channel: string;
      policy_version: string;
      due_by: Date;
      decided_at: Date;
      total: string;
    }[] = await this.dataSource.query(
      `SELECT request_id, member_id, vendor_id, submission_channel, policy_version, due_by,
              decided_at, count(*) OVER () AS total
         FROM routing_decisions
        WHERE outcome = 'routed' AND determination IS NULL AND due_by < now()
          AND ($2::text[] IS NULL OR vendor_id = ANY($2::text[]))
        ORDER BY due_by LIMIT $1`,
      [limit, vendorFilterOf(vendorScopeOf(principal))],
    );
    await this.audit.recordMany(
      rows.map((r) => ({
        actor: principal,
        action: 'overdue-alert.read',
        resourceType: 'pa-request',
        resourceId: r.request_id,
        memberId: r.member_id,
        outcome: 'allowed' as const,
        ...auditOrigin(req),
      })),
    );
    const now = Date.now();
    return {
      total: Number(rows[0]?.total ?? 0),
      alerts: rows.map((r) => ({
        requestId: r.request_id,
        memberId: r.member_id,
        vendorId: r.vendor_id,
        submissionChannel: r.submission_channel,
        policyVersion: r.policy_version,
        dueBy: r.due_by.toISOString(),
        decidedAt: r.decided_at.toISOString(),
        overdueMinutes: Math.floor((now - r.due_by.getTime()) / 60_000),
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
