import { randomUUID } from 'node:crypto';
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
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { CASE_STATUSES, identifier, memberId, topics, type CaseStatus } from '@careflow/contracts';
import { MessagingRuntime } from '@careflow/messaging';
import {
  ApiAnswer,
  AuditLog,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  zodDto,
  memberScopeOf,
  seesCase,
  traceparentOf,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { actorOf, AWAITING_ASSESSMENT_STATUSES } from '../common/actor';
import { Identification } from '../identification/identification.service';
import { CaseManagers } from './case-managers.service';
import {
  CASE_COLUMNS,
  CasesService,
  ConcurrentCaseChangeError,
  type CaseRow,
} from './cases.service';
import {
  caseAnswer,
  caseDetailAnswer,
  casePageAnswer,
  caseView,
  statusUpdateAnswer,
  type CaseDetailView,
  type CaseHistoryEntry,
  type CaseView,
  type StatusUpdateView,
} from './case-views';

class ListCasesQuery extends zodDto(
  z.strictObject({
    memberId: memberId.optional(),
    status: z.enum(CASE_STATUSES).optional(),
    assessmentOverdue: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: identifier.optional().describe('The last caseId of the previous page.'),
  }),
) {}

class CaseIdParams extends zodDto(z.object({ caseId: identifier })) {}

class AssessmentBody extends zodDto(
  z.strictObject({
    outcome: z.enum(['enrolled', 'declined', 'unable-to-reach']),
    notes: z.string().max(10000).nullish(),
  }),
) {}

class ReviewBody extends zodDto(
  z.preprocess((v) => v ?? {}, z.strictObject({ notes: z.string().max(10000).nullish() })),
) {}

class CloseBody extends zodDto(
  z.preprocess((v) => v ?? {}, z.strictObject({ reason: z.string().max(2000).nullish() })),
) {}

class StatusUpdateBody extends zodDto(
  z.strictObject({
    summary: z.string().min(1).max(10000),
    conditionChanged: z.boolean(),
  }),
) {}

const CASE_NOT_FOUND = { description: "No such case, or not in the case manager's caseload." };

/**
 * Cases over HTTP. A case manager sees and works only their own caseload (another's case answers
 * 404, as if it did not exist); supervisors and admins see all; integrators see no member data.
 * Every read and change of a case is written to the audit log.
 */
@ApiTags('cases')
@Roles('case-manager', 'supervisor', 'admin')
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseManagers) private readonly caseManagers: CaseManagers,
    @Inject(Identification) private readonly identification: Identification,
  ) {}

  @Get()
  @ApiAnswer(200, 'A page of cases, by case id.', casePageAnswer)
  @ApiOperation({
    summary:
      'Cases, filtered by member, status or overdue assessment (own caseload for a case manager).',
  })
  async list(
    @Query() query: ListCasesQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof casePageAnswer>> {
    const q = query;
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    const scope = memberScopeOf(principal);
    // Case records: a case manager lists the cases assigned to them (seesCase), closed ones too.
    if (scope.kind === 'none') return { cases: [], next: null };
    if (scope.kind === 'caseload') add('case_manager_id = ?', scope.caseManagerId);
    if (q.memberId) add('member_id = ?', q.memberId);
    if (q.status) add('status = ?', q.status);
    if (q.assessmentOverdue) add('assessment_overdue = ?', q.assessmentOverdue === 'true');
    if (q.after) add('case_id > ?', q.after);
    params.push(q.limit);
    const rows: CaseRow[] = await this.dataSource.query(
      `SELECT ${CASE_COLUMNS} FROM cases ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY case_id LIMIT $${params.length}`,
      params,
    );
    const views = await this.views(this.dataSource.manager, rows);
    await this.audit.recordMany(
      rows.map((r) => ({
        actor: principal,
        action: 'case.list',
        resourceType: 'case',
        resourceId: r.case_id,
        memberId: r.member_id,
        outcome: 'allowed' as const,
        ...auditOrigin(request),
      })),
    );
    return { cases: views, next: rows.length === q.limit ? (rows.at(-1)?.case_id ?? null) : null };
  }

  @Get(':caseId')
  @ApiAnswer(200, 'The case, its history and the latest evaluation.', caseDetailAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiOperation({
    summary: 'One case with its history (who did what, when) and the latest evaluation evidence.',
  })
  async get(
    @Param() params: CaseIdParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseDetailView> {
    const { caseId } = params;
    const row = await this.visibleCase(
      this.dataSource.manager,
      caseId,
      principal,
      request,
      'case.read',
    );
    return this.detail(this.dataSource.manager, row);
  }

  @Post(':caseId/review')
  @ApiAnswer(200, 'The case after the change.', caseAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({
    description:
      'The case is not identified (only an identified case goes to review), or it changed meanwhile.',
  })
  @HttpCode(200)
  @ApiOperation({
    summary: 'The case manager reviewed the identification: the phone assessment is pending.',
  })
  async review(
    @Param() params: CaseIdParams,
    @Body() body: ReviewBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    const { caseId } = params;
    const { notes } = body;
    return this.change(caseId, principal, request, 'case.review', async (uow, row) => {
      if (row.status !== 'identified')
        throw new ConflictException(`case is ${row.status}, not identified`);
      return this.cases.transition(uow, row, 'assessment-pending', actorOf(principal), 'reviewed', {
        notes: notes ?? null,
      });
    });
  }

  @Post(':caseId/assessment')
  @ApiAnswer(200, 'The case after the change.', caseAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({
    description: 'The case is not waiting for its assessment, or it changed meanwhile.',
  })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Records the phone assessment: enrolled, declined (voluntary) or unable-to-reach.',
  })
  async assessment(
    @Param() params: CaseIdParams,
    @Body() body: AssessmentBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    const { caseId } = params;
    const { outcome, notes } = body;
    return this.change(caseId, principal, request, 'case.assessment', async (uow, row) => {
      if (!(AWAITING_ASSESSMENT_STATUSES as readonly string[]).includes(row.status)) {
        throw new ConflictException(
          `case is ${row.status}: the assessment was already recorded or the case is closed`,
        );
      }
      return this.cases.transition(
        uow,
        row,
        outcome,
        actorOf(principal),
        'assessment-recorded',
        { outcome, notes: notes ?? null },
        { assessmentOutcome: outcome },
      );
    });
  }

  @Post(':caseId/close')
  @ApiAnswer(200, 'The case after the change.', caseAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({ description: 'The case is already closed, or it changed meanwhile.' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Closes the case.' })
  async close(
    @Param() params: CaseIdParams,
    @Body() body: CloseBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CaseView> {
    const { caseId } = params;
    const { reason } = body;
    return this.change(caseId, principal, request, 'case.close', async (uow, row) => {
      if (row.status === 'closed') throw new ConflictException('case is already closed');
      return this.cases.transition(uow, row, 'closed', actorOf(principal), 'closed', {
        reason: reason ?? null,
      });
    });
  }

  @Post(':caseId/status-updates')
  @ApiAnswer(201, 'The status update recorded.', statusUpdateAnswer)
  @ApiNotFoundResponse(CASE_NOT_FOUND)
  @ApiConflictResponse({
    description: 'The case is not enrolled, or has no case manager on the roster.',
  })
  @HttpCode(201)
  @ApiOperation({
    summary:
      'A clinical status update on an enrolled case, for the PCP (a call when the condition changed).',
  })
  async statusUpdate(
    @Param() params: CaseIdParams,
    @Body() body: StatusUpdateBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<StatusUpdateView> {
    const { caseId } = params;
    const { summary, conditionChanged } = body;
    let result: StatusUpdateView | undefined;
    await this.change(caseId, principal, request, 'case.status-update', async (uow, row) => {
      if (row.status !== 'enrolled')
        throw new ConflictException(`case is ${row.status}: status updates are for enrolled cases`);
      if (!row.case_manager_id) throw new ConflictException('case has no case manager');
      const contact = (await this.caseManagers.contacts(uow.manager, [row.case_manager_id])).get(
        row.case_manager_id,
      );
      if (!contact) throw new ConflictException('case manager not on the roster');
      const updateId = `CSU-${randomUUID()}`;
      const recordedAt = new Date();
      await uow.manager.query(
        `INSERT INTO clinical_status_updates (update_id, case_id, member_id, summary, condition_changed, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [updateId, row.case_id, row.member_id, summary, conditionChanged, principal.id, recordedAt],
      );
      await this.cases.recordEvents(uow.manager, [
        {
          caseId: row.case_id,
          actor: actorOf(principal),
          kind: 'clinical-status-update',
          from: null,
          to: null,
          detail: { updateId, conditionChanged },
        },
      ]);
      uow.publish(topics.clinicalStatusUpdates, {
        updateId,
        caseId: row.case_id,
        memberId: row.member_id,
        conditionChanged,
        summary,
        recordedBy: { id: principal.id, name: principal.name },
        recordedAt: recordedAt.toISOString(),
        caseManager: contact,
        origin: 'case-manager',
      });
      result = {
        updateId,
        caseId: row.case_id,
        conditionChanged,
        recordedAt: recordedAt.toISOString(),
      };
      return row;
    });
    return result!;
  }

  /** Loads a case the caller may see, or answers 404 (also for another case manager's case). */
  private async visibleCase(
    manager: EntityManager,
    caseId: string,
    principal: Principal,
    request: AuthenticatedRequest,
    action: string,
    forUpdate = false,
  ): Promise<CaseRow> {
    const row = await this.cases.byId(manager, caseId, forUpdate);
    if (!row || !seesCase(principal, { caseManagerId: row.case_manager_id })) {
      await this.audit.record({
        actor: principal,
        action,
        resourceType: 'case',
        resourceId: caseId,
        memberId: row?.member_id ?? null,
        outcome: row ? 'denied' : 'not-found',
        ...auditOrigin(request),
      });
      throw new NotFoundException(`case ${caseId} not found`);
    }
    await this.audit.record({
      actor: principal,
      action,
      resourceType: 'case',
      resourceId: caseId,
      memberId: row.member_id,
      outcome: 'allowed',
      ...auditOrigin(request),
    });
    return row;
  }

  private async change(
    caseId: string,
    principal: Principal,
    request: AuthenticatedRequest,
    action: string,
    work: (
      uow: Parameters<Parameters<MessagingRuntime['transaction']>[0]>[0],
      row: CaseRow,
    ) => Promise<CaseRow>,
  ): Promise<CaseView> {
    try {
      const updated = await this.messaging.transaction(async (uow) => {
        const row = await this.visibleCase(uow.manager, caseId, principal, request, action, true);
        return work(uow, row);
      }, traceparentOf(request));
      return (await this.views(this.dataSource.manager, [updated]))[0]!;
    } catch (error) {
      if (error instanceof ConcurrentCaseChangeError) throw new ConflictException(error.message);
      throw error;
    }
  }

  private async views(manager: EntityManager, rows: readonly CaseRow[]): Promise<CaseView[]> {
    const contacts = await this.caseManagers.contacts(
      manager,
      rows.flatMap((r) => (r.case_manager_id ? [r.case_manager_id] : [])),
    );
    return rows.map((r) => caseView(r, contacts));
  }

  private async detail(manager: EntityManager, row: CaseRow): Promise<CaseDetailView> {
    const [view] = await this.views(manager, [row]);
    const history: {
      occurred_at: Date;
      actor_id: string;
      actor_name: string;
      kind: string;
      from_status: CaseStatus | null;
      to_status: CaseStatus | null;
      detail: Record<string, unknown>;
    }[] = await manager.query(
      `SELECT occurred_at, actor_id, actor_name, kind, from_status, to_status, detail
         FROM case_events WHERE case_id = $1 ORDER BY id`,
      [row.case_id],
    );
    const latest = await this.identification.latestEvaluation(manager, row.member_id);
    return {
      ...view!,
      history: history.map((h): CaseHistoryEntry => ({
        at: new Date(h.occurred_at).toISOString(),
        actor: { id: h.actor_id, name: h.actor_name },
        kind: h.kind,
        fromStatus: h.from_status,
        toStatus: h.to_status,
        detail: h.detail,
      })),
      latestEvaluation: latest?.evaluation ?? null,
    };
  }
}
