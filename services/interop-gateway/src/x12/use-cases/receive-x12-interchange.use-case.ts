import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { PlanCalendar, topics, type Clock } from '@careflow/contracts';
import {
  CLAIM_IMPLEMENTATIONS,
  implementationAcknowledgment,
  readHealthCareClaims,
  type ClaimMapping,
  type SegmentError,
  interchangeAcknowledgment,
  readBenefitEnrollment,
  walkInterchange,
  type AcknowledgmentEnvelope,
  type EnrollmentMapping,
  type FunctionalGroupWalk,
  type GroupAcknowledgment,
  type InterchangeHeader,
  type SetAcknowledgment,
  type Ta1NoteCode,
  type TransactionSetReading,
} from '@careflow/interop-mapping';
import { MessagingRuntime, type UnitOfWork } from '@careflow/messaging';
import { CLOCK, JsonLogger, parseCommand } from '@careflow/platform';
import type { InteropGatewayConfig } from '../../config';
import { derivedEventId, sha256 } from '../../derived-event-id';
import { InteropMetrics } from '../../metrics/interop.metrics';
import {
  CLAIM_MAPPING,
  ENROLLMENT_MAPPING,
  INTEROP_GATEWAY_CONFIG,
} from '../../interop-gateway.tokens';
import { X12InterchangeRepository } from '../x12-interchange.repository';

export const receiveX12InterchangeCommand = z.object({
  text: z.string().min(1),
  channel: z.enum(['http', 'drop-folder']),
});
export type ReceiveX12InterchangeCommand = z.input<typeof receiveX12InterchangeCommand>;

export interface X12Receipt {
  /** The 999 (groups and sets read) or the TA1 (the interchange envelope could not be read). */
  readonly kind: '999' | 'TA1';
  readonly acknowledgment: string;
  /** Events published for this receipt (0 for a file received before). */
  readonly published: number;
  /** True when the same content was received before: its first acknowledgment is answered. */
  readonly duplicate: boolean;
}

/**
 * The transaction sets read, by ST01, GS01 and ST03: 834 benefit enrollment and 837 claims
 * (professional and institutional); any other set is answered IK502 1 (not supported).
 */
const SUPPORTED_SETS = [
  { type: '834', functionalId: 'BE', implementation: '005010X220A1' },
  ...Object.keys(CLAIM_IMPLEMENTATIONS).map((implementation) => ({
    type: '837',
    functionalId: 'HC',
    implementation,
  })),
];

/** What a set maps to: the events to publish (each with its position) or the errors. */
interface SetMapping {
  readonly fileKind: string | null;
  readonly events: readonly {
    readonly position: string;
    readonly publish: (uow: UnitOfWork, id: string) => void;
  }[];
  readonly errors: readonly SegmentError[];
}

/**
 * Receives one X12 interchange: reads its envelopes, maps each 834 transaction set, publishes the
 * `coverage.updated` events of every set without errors through the outbox (a set with any error
 * publishes nothing), remembers the interchange and each set so that a copy publishes nothing
 * new, and answers the 999 (or the TA1 for an envelope it cannot read). One transaction: the
 * events, the memory and the acknowledgment commit together.
 */
@Injectable()
export class ReceiveX12InterchangeUseCase {
  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(X12InterchangeRepository) private readonly interchanges: X12InterchangeRepository,
    @Inject(ENROLLMENT_MAPPING) private readonly mapping: EnrollmentMapping,
    @Inject(CLAIM_MAPPING) private readonly claimMapping: ClaimMapping,
    @Inject(INTEROP_GATEWAY_CONFIG) private readonly config: InteropGatewayConfig,
    @Inject(PlanCalendar) private readonly calendar: PlanCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(InteropMetrics) private readonly metrics: InteropMetrics,
  ) {}

  async execute(input: ReceiveX12InterchangeCommand): Promise<X12Receipt> {
    const command = parseCommand(receiveX12InterchangeCommand, input, 'receive-x12-interchange');
    const reading = walkInterchange(command.text);
    const contentSha256 = sha256(command.text);
    const receipt = await this.messaging.transaction(async (uow) => {
      const manager = uow.manager;
      if (reading.kind === 'envelope-error')
        return this.rejectInterchange(manager, reading.header, reading.note);
      const header = reading.header;
      const previous = await this.interchanges.acknowledgmentOf(manager, contentSha256);
      if (previous !== undefined) return this.duplicateOf(previous);
      if (await this.interchanges.controlNumberUsed(manager, header.senderId, header.controlNumber))
        return this.rejectInterchange(manager, header, '025');
      const receivedAt = this.clock.now();
      const recorded = await this.interchanges.recordInterchange(manager, {
        contentSha256,
        senderId: header.senderId,
        controlNumber: header.controlNumber,
        channel: command.channel,
        receivedAt,
      });
      if (!recorded)
        return this.duplicateOf(
          (await this.interchanges.acknowledgmentOf(manager, contentSha256)) ?? '',
        );
      let published = 0;
      const groups: GroupAcknowledgment[] = [];
      for (const group of reading.groups) {
        const sets: SetAcknowledgment[] = [];
        for (const set of group.sets) {
          const outcome = await this.receiveSet(uow, {
            header,
            group,
            set,
            contentSha256,
            receivedAt,
          });
          published += outcome.published;
          sets.push(outcome.acknowledgment);
        }
        groups.push({ group, ...(group.error ? { groupError: group.error } : {}), sets });
      }
      const acknowledgment = implementationAcknowledgment(
        await this.envelope(manager, header),
        groups,
      );
      await this.interchanges.storeAcknowledgment(manager, contentSha256, acknowledgment);
      return { kind: '999' as const, acknowledgment, published, duplicate: false };
    });
    this.logger.log('x12 interchange received', {
      channel: command.channel,
      acknowledgment: receipt.kind,
      published: receipt.published,
      duplicate: receipt.duplicate,
    });
    this.metrics.x12(receipt.kind, receipt.acknowledgment);
    return receipt;
  }

  private duplicateOf(acknowledgment: string): X12Receipt {
    return {
      kind: acknowledgment.includes('TA1') ? 'TA1' : '999',
      acknowledgment,
      published: 0,
      duplicate: true,
    };
  }

  private async rejectInterchange(
    manager: EntityManager,
    header: InterchangeHeader | undefined,
    note: Ta1NoteCode,
  ): Promise<X12Receipt> {
    const acknowledgment = interchangeAcknowledgment(await this.envelope(manager, header), note);
    return { kind: 'TA1', acknowledgment, published: 0, duplicate: false };
  }

  private async envelope(
    manager: EntityManager,
    received: InterchangeHeader | undefined,
  ): Promise<AcknowledgmentEnvelope> {
    const now = this.clock.now();
    return {
      received,
      controlNumber: await this.interchanges.nextAcknowledgmentNumber(manager),
      date: this.calendar.dateOf(now),
      time: this.localTimeOf(now),
      receiverId: this.config.X12_RECEIVER_ID,
    };
  }

  /** HH:MM in the plan's time zone (the acknowledgment's ISA10 and GS05). */
  private localTimeOf(instant: Date): string {
    const shifted = instant.getTime() + this.calendar.offsetMinutesAt(instant) * 60_000;
    return new Date(shifted).toISOString().slice(11, 16);
  }

  /** Maps and publishes one set, or rejects it whole; a set received before publishes nothing. */
  private async receiveSet(
    uow: UnitOfWork,
    context: {
      header: InterchangeHeader;
      group: FunctionalGroupWalk;
      set: TransactionSetReading;
      contentSha256: string;
      receivedAt: Date;
    },
  ): Promise<{ acknowledgment: SetAcknowledgment; published: number }> {
    const { header, group, set } = context;
    const base = {
      type: set.type,
      controlNumber: set.controlNumber,
      implementation: set.implementation,
    };
    const syntaxError =
      group.error !== undefined
        ? undefined
        : (set.error ??
          (SUPPORTED_SETS.some(
            (s) =>
              s.type === set.type &&
              s.functionalId === group.functionalId &&
              s.implementation === set.implementation,
          )
            ? undefined
            : ('1' as const)));
    if (group.error !== undefined || syntaxError !== undefined)
      return {
        acknowledgment: { ...base, ...(syntaxError ? { syntaxError } : {}), errors: [] },
        published: 0,
      };
    const mapped = this.mapSet(set, header);
    if (mapped.errors.length > 0)
      return { acknowledgment: { ...base, errors: mapped.errors }, published: 0 };
    const setSha256 = sha256(
      [header.senderId, ...set.segments.map((s) => s.elements.join('*'))].join('~'),
    );
    const claimed = await this.interchanges.claimTransactionSet(uow.manager, {
      setSha256,
      interchangeSha256: context.contentSha256,
      groupControl: group.controlNumber,
      setControl: set.controlNumber,
      setType: set.type,
      fileKind: mapped.fileKind,
      eventsPublished: mapped.events.length,
      receivedAt: context.receivedAt,
    });
    if (!claimed) return { acknowledgment: { ...base, errors: [] }, published: 0 };
    for (const event of mapped.events)
      event.publish(uow, derivedEventId(`${setSha256}:${event.position}`));
    return { acknowledgment: { ...base, errors: [] }, published: mapped.events.length };
  }

  /** An 834 set as coverage.updated events, an 837 set as claims.medical.v1 events. */
  private mapSet(set: TransactionSetReading, header: InterchangeHeader): SetMapping {
    const form = CLAIM_IMPLEMENTATIONS[set.implementation];
    if (set.type === '837' && form) {
      const claims = readHealthCareClaims(
        set.segments,
        form,
        header.componentSeparator,
        this.claimMapping,
      );
      return {
        fileKind: null,
        events: claims.claims.map((c) => ({
          position: String(c.claimPosition),
          publish: (uow, id) => uow.publish(topics.medicalClaims, c.claim, { id }),
        })),
        errors: claims.errors,
      };
    }
    const enrollment = readBenefitEnrollment(set.segments, this.mapping);
    return {
      fileKind: enrollment.fileKind ?? null,
      events: enrollment.changes.map((c) => ({
        position: `${c.memberPosition}:${c.coveragePosition}`,
        publish: (uow, id) => uow.publish(topics.eligibilityCoverage, c.coverage, { id }),
      })),
      errors: enrollment.errors,
    };
  }
}
