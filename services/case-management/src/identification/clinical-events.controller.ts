import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  topics,
  type ClaimAdjudicated,
  type EncounterRecorded,
  type HospitalStayChanged,
  type LabResultReported,
  type MtmReviewCompleted,
  type PatientDischarged,
  type PharmacyClaimAdjudicated,
} from '@careflow/contracts';
import { OnEventBatch, type ConsumedEvent, type EventContext } from '@careflow/messaging';
import { RecordPharmacyFills } from '../adherence/use-cases/record-pharmacy-fills.use-case';
import { HospitalStayPrompts } from '../cases/hospital-stays';
import { EvaluateClinicalEvents } from './use-cases/evaluate-clinical-events.use-case';

/**
 * The six electronic identification sources. Each chunk of a topic is one transaction: profiles
 * loaded once, events folded, each member evaluated once, written back in bulk.
 */
@Controller()
export class ClinicalEventsController {
  constructor(
    @Inject(EvaluateClinicalEvents) private readonly evaluate: EvaluateClinicalEvents,
    @Inject(RecordPharmacyFills) private readonly recordFills: RecordPharmacyFills,
    @Inject(HospitalStayPrompts) private readonly hospitalStays: HospitalStayPrompts,
  ) {}

  @OnEventBatch(topics.medicalClaims)
  async onMedicalClaims(
    @Payload() events: ConsumedEvent<ClaimAdjudicated>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.evaluate.execute(ctx.unitOfWork, { events });
  }

  @OnEventBatch(topics.adtDischarges)
  async onDischarges(
    @Payload() events: ConsumedEvent<PatientDischarged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.evaluate.execute(ctx.unitOfWork, { events });
    await this.hospitalStays.onDischarges(ctx.unitOfWork, events);
  }

  /**
   * Admissions and cancellations (ADT A01, A11, A13): each prompts or withdraws a prompt; a
   * cancelled discharge also takes its stay out of the member's profile (re-evaluated).
   */
  @OnEventBatch(topics.adtStays)
  async onStayChanges(
    @Payload() events: ConsumedEvent<HospitalStayChanged>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const cancelledDischarges = events.filter((e) => e.data.change === 'discharge-cancelled');
    if (cancelledDischarges.length > 0)
      await this.evaluate.execute(ctx.unitOfWork, { events: cancelledDischarges });
    await this.hospitalStays.onStayChanges(ctx.unitOfWork, events);
  }

  @OnEventBatch(topics.pharmacyClaims)
  async onPharmacyClaims(
    @Payload() events: ConsumedEvent<PharmacyClaimAdjudicated>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const coverage = await this.evaluate.execute(ctx.unitOfWork, { events });
    await this.recordFills.execute(ctx.unitOfWork, { fills: events.map((e) => e.data) }, coverage);
  }

  @OnEventBatch(topics.encounters)
  async onEncounters(
    @Payload() events: ConsumedEvent<EncounterRecorded>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.evaluate.execute(ctx.unitOfWork, { events });
  }

  @OnEventBatch(topics.labResults)
  async onLabResults(
    @Payload() events: ConsumedEvent<LabResultReported>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.evaluate.execute(ctx.unitOfWork, { events });
  }

  @OnEventBatch(topics.mtmEvents)
  async onMtmReviews(
    @Payload() events: ConsumedEvent<MtmReviewCompleted>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.evaluate.execute(ctx.unitOfWork, { events });
  }
}
