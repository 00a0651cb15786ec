import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { topics, type Clock } from '@careflow/contracts';
import {
  hl7Acknowledgment,
  readHl7Message,
  type Hl7AcknowledgmentCode,
  type Hl7Header,
  type Hl7Reading,
} from '@careflow/interop-mapping';
import { MessagingRuntime, type UnitOfWork } from '@careflow/messaging';
import { CLOCK, JsonLogger, parseCommand } from '@careflow/platform';
import type { InteropGatewayConfig } from '../../config';
import { derivedEventId, sha256 } from '../../derived-event-id';
import { INTEROP_GATEWAY_CONFIG } from '../../interop-gateway.tokens';
import { InteropMetrics } from '../../metrics/interop.metrics';
import { Hl7MessageRepository } from '../hl7-message.repository';

export const receiveHl7MessageCommand = z.object({ text: z.string() });
export type ReceiveHl7MessageCommand = z.input<typeof receiveHl7MessageCommand>;

export interface Hl7Receipt {
  readonly code: Hl7AcknowledgmentCode;
  /** The ACK message, segments separated by carriage returns (unframed). */
  readonly acknowledgment: string;
  readonly published: number;
  /** True when the sender's MSH-10 was published before: nothing is published again. */
  readonly duplicate: boolean;
}

/**
 * Receives one HL7 v2 message (one MLLP frame): an ADT^A03 publishes `patient.discharged`, an
 * A01, A11 or A13 `hospital-stay.changed`, an A04 or A08 nothing (acknowledged), an ORU^R01 one
 * `lab-result.reported` per OBX, through the outbox with the memory of its sender and
 * MSH-10 in the same transaction, so the same message again publishes nothing; answers AA. Fields
 * at fault answer AE naming them, a type it does not take AR; neither publishes anything.
 */
@Injectable()
export class ReceiveHl7MessageUseCase {
  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(Hl7MessageRepository) private readonly messages: Hl7MessageRepository,
    @Inject(INTEROP_GATEWAY_CONFIG) private readonly config: InteropGatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(InteropMetrics) private readonly metrics: InteropMetrics,
  ) {}

  async execute(input: ReceiveHl7MessageCommand): Promise<Hl7Receipt> {
    const command = parseCommand(receiveHl7MessageCommand, input, 'receive-hl7-message');
    const reading = readHl7Message(command.text, {
      assigningAuthority: this.config.HL7_MEMBER_ID_AUTHORITY,
      inpatientClasses: this.config.HL7_INPATIENT_CLASSES,
    });
    const receipt = await this.receive(reading);
    this.metrics.hl7(
      'header' in reading
        ? `${reading.header.messageType}^${reading.header.triggerEvent}`
        : undefined,
      receipt.code,
    );
    this.logger.log('hl7 message received', {
      messageType:
        'header' in reading
          ? `${reading.header.messageType}^${reading.header.triggerEvent}`
          : 'unreadable',
      acknowledgment: receipt.code,
      published: receipt.published,
      duplicate: receipt.duplicate,
      ...(reading.kind === 'content-error'
        ? { faults: reading.errors.map((e) => `${e.segment}-${e.field}`).join(',') }
        : {}),
      ...(reading.kind === 'ignored' ? { ignored: reading.reason } : {}),
    });
    return receipt;
  }

  private async receive(reading: Hl7Reading): Promise<Hl7Receipt> {
    switch (reading.kind) {
      case 'unreadable':
        return this.answer(undefined, 'AR', [
          { segment: 'MSH', sequence: 1, field: 1, code: '100' },
        ]);
      case 'unsupported':
        return this.answer(reading.header, 'AR', [reading.error]);
      case 'content-error':
        return this.answer(reading.header, 'AE', reading.errors);
      case 'ignored':
        // Remembered like the others, so a resend is told it is a duplicate.
        return this.publish(reading.header, 0, () => undefined);
      case 'discharge':
        return this.publish(reading.header, 1, (uow, id) =>
          uow.publish(topics.adtDischarges, reading.discharge, { id: id(0) }),
        );
      case 'stay-change':
        return this.publish(reading.header, 1, (uow, id) =>
          uow.publish(topics.adtStays, reading.stayChange, { id: id(0) }),
        );
      case 'lab-results':
        return this.publish(reading.header, reading.results.length, (uow, id) =>
          reading.results.forEach((result, index) =>
            uow.publish(topics.labResults, result, { id: id(index) }),
          ),
        );
    }
  }

  private async publish(
    header: Hl7Header,
    events: number,
    publishAll: (uow: UnitOfWork, id: (index: number) => string) => void,
  ): Promise<Hl7Receipt> {
    const sender = `${header.sendingApplication}|${header.sendingFacility}`;
    const { published, duplicate } = await this.messaging.transaction(async (uow) => {
      const recorded = await this.messages.recordMessage(uow.manager, {
        sender,
        controlId: header.controlId,
        messageType: `${header.messageType}^${header.triggerEvent}`,
        eventsPublished: events,
        receivedAt: this.clock.now(),
      });
      if (!recorded) return { published: 0, duplicate: true };
      publishAll(uow, (index) => derivedEventId(`${sender}|${header.controlId}|${index}`));
      return { published: events, duplicate: false };
    });
    return { ...this.answer(header, 'AA', []), published, duplicate };
  }

  private answer(
    header: Hl7Header | undefined,
    code: Hl7AcknowledgmentCode,
    errors: Parameters<typeof hl7Acknowledgment>[0]['errors'],
  ): Hl7Receipt {
    const at = this.clock.now();
    const acknowledgment = hl7Acknowledgment({
      received: header,
      code,
      errors,
      controlId: sha256(`${header?.controlId ?? ''}|${code}|${at.toISOString()}`).slice(0, 20),
      at,
      application: this.config.HL7_APPLICATION,
    });
    return { code, acknowledgment, published: 0, duplicate: false };
  }
}
