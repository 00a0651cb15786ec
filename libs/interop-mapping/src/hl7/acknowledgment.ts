import { HL7_ERROR_TEXT, type Hl7FieldError, type Hl7Header } from './hl7-message';

export type Hl7AcknowledgmentCode = 'AA' | 'AE' | 'AR';

/** 207, application internal error: the message could not be processed now; send it again. */
export const HL7_INTERNAL_ERROR = '207';

export interface Hl7AcknowledgmentInput {
  /** The received message's header; undefined when its MSH could not be read. */
  readonly received: Hl7Header | undefined;
  readonly code: Hl7AcknowledgmentCode;
  readonly errors?: readonly (Hl7FieldError | { readonly code: typeof HL7_INTERNAL_ERROR })[];
  /** MSH-10 of the acknowledgment itself. */
  readonly controlId: string;
  readonly at: Date;
  /** MSH-3 of the acknowledgment when the received MSH-5 is empty or unreadable. */
  readonly application: string;
}

/** YYYYMMDDHHMMSS+0000 (UTC, with its offset so the receiver need not guess). */
function timestampOf(at: Date): string {
  return `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

/**
 * The original-mode acknowledgment (ACK) of HL7 v2.5.1 chapter 2: MSH with the received
 * applications and facilities swapped, MSA with the code and the received MSH-10, and one ERR per
 * error (ERR-2 the location, ERR-3 the HL7 table 0357 code, ERR-4 E). Never a received value.
 */
export function hl7Acknowledgment(input: Hl7AcknowledgmentInput): string {
  const received = input.received;
  const msh = [
    'MSH',
    '^~\\&',
    received?.receivingApplication || input.application,
    received?.receivingFacility ?? '',
    received?.sendingApplication ?? '',
    received?.sendingFacility ?? '',
    timestampOf(input.at),
    '',
    received?.triggerEvent ? `ACK^${received.triggerEvent}^ACK` : 'ACK',
    input.controlId,
    'P',
    received?.version || '2.5.1',
  ].join('|');
  const msa = ['MSA', input.code, received?.controlId ?? ''].join('|');
  const errs = (input.errors ?? []).map((error) =>
    'segment' in error
      ? [
          'ERR',
          '',
          [error.segment, error.sequence, error.field, '', error.component ?? '']
            .join('^')
            .replace(/\^+$/, ''),
          `${error.code}^${HL7_ERROR_TEXT[error.code]}^HL70357`,
          'E',
        ].join('|')
      : ['ERR', '', '', `${error.code}^Application internal error^HL70357`, 'E'].join('|'),
  );
  return [msh, msa, ...errs].join('\r');
}
