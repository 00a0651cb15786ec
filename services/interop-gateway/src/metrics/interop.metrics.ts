import { Inject, Injectable } from '@nestjs/common';
import { SUPPORTED_HL7_MESSAGES } from '@careflow/interop-mapping';
import { businessCounter, PlatformMetrics } from '@careflow/platform';

/** The HL7 types a label may name: the supported ones; anything else is 'unsupported'. */
const HL7_TYPES = new Set(
  Object.entries(SUPPORTED_HL7_MESSAGES).flatMap(([type, events]) =>
    events.map((event) => `${type}^${event}`),
  ),
);

/** The code of an X12 acknowledgment: AK901 of a 999, `TA1-<TA104>` of a TA1. */
export function x12AcknowledgmentCode(kind: '999' | 'TA1', acknowledgment: string): string {
  const code =
    kind === '999'
      ? /(?:^|~|\n)AK9\*([AEPR])\*/.exec(acknowledgment)?.[1]
      : /(?:^|~|\n)TA1\*[^*]*\*[^*]*\*[^*]*\*([AER])\*/.exec(acknowledgment)?.[1];
  if (code === undefined) return kind === '999' ? 'unknown' : 'TA1-unknown';
  return kind === '999' ? code : `TA1-${code}`;
}

/**
 * What the gateway answered, counted per message: standard, message type and acknowledgment code.
 * Label values come from fixed sets (the supported types, the codes of the standards), never
 * from a message's content beyond them, so no PHI and no unbounded series.
 */
@Injectable()
export class InteropMetrics {
  private readonly messages;

  constructor(@Inject(PlatformMetrics) platform: PlatformMetrics) {
    this.messages = businessCounter(platform, 'careflow_interop_messages_total');
  }

  hl7(messageType: string | undefined, acknowledgment: 'AA' | 'AE' | 'AR'): void {
    const type =
      messageType === undefined
        ? 'unreadable'
        : HL7_TYPES.has(messageType)
          ? messageType
          : 'unsupported';
    this.messages.inc({ standard: 'hl7v2', message_type: type, acknowledgment });
  }

  /** One interchange: its type is the transaction set the 999 acknowledges (AK2-01), else 'interchange'. */
  x12(kind: '999' | 'TA1', acknowledgment: string): void {
    const set = /(?:^|~|\n)AK2\*(\d{3})\*/.exec(acknowledgment)?.[1];
    this.messages.inc({
      standard: 'x12',
      message_type: set ?? 'interchange',
      acknowledgment: x12AcknowledgmentCode(kind, acknowledgment),
    });
  }
}
