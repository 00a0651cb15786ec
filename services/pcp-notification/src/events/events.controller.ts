import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  topics,
  type CcmCaseChanged,
  type ClinicalStatusUpdated,
  type MemberCoverageChanged,
} from '@careflow/contracts';
import { EventContext, OnEventBatch, type ConsumedEvent } from '@careflow/messaging';
import { IssueStatusUpdateNoticesUseCase } from '../notifications/use-cases/issue-status-update-notices.use-case';
import { RecordCaseChangesUseCase } from '../notifications/use-cases/record-case-changes.use-case';
import { RecordCoverageChangesUseCase } from '../notifications/use-cases/record-coverage-changes.use-case';

/**
 * The events this service consumes. Each handler hands its chunk to a use case that writes
 * through the consumer's unit of work, so its rows, its inbox claim and the events it publishes
 * commit together.
 */
@Controller()
export class EventsController {
  constructor(
    @Inject(RecordCoverageChangesUseCase)
    private readonly recordCoverageChanges: RecordCoverageChangesUseCase,
    @Inject(RecordCaseChangesUseCase) private readonly recordCaseChanges: RecordCaseChangesUseCase,
    @Inject(IssueStatusUpdateNoticesUseCase)
    private readonly issueStatusUpdateNotices: IssueStatusUpdateNoticesUseCase,
  ) {}

  /** A chunk at a time: the coverage topic carries every member's every change. */
  @OnEventBatch(topics.memberCoverage)
  async onCoverage(
    @Payload() events: ConsumedEvent<MemberCoverageChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.recordCoverageChanges.execute(
      { snapshots: events.map((e) => ({ eventId: e.id, snapshot: e.data })) },
      ctx.unitOfWork,
    );
  }

  /** A chunk at a time, so that its members are locked together before any is handled. */
  @OnEventBatch(topics.ccmCases)
  async onCases(
    @Payload() events: ConsumedEvent<CcmCaseChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.recordCaseChanges.execute(
      { changes: events.map((e) => ({ eventId: e.id, change: e.data })) },
      ctx.unitOfWork,
    );
  }

  /** A chunk at a time, as case changes. */
  @OnEventBatch(topics.clinicalStatusUpdates)
  async onClinicalStatuses(
    @Payload() events: ConsumedEvent<ClinicalStatusUpdated>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.issueStatusUpdateNotices.execute(
      { updates: events.map((e) => ({ eventId: e.id, update: e.data })) },
      ctx.unitOfWork,
    );
  }
}
