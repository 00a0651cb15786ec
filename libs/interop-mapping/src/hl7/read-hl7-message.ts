import type { LabResultReported, PatientDischarged } from '@careflow/contracts';
import { readDischarge } from './adt-discharge';
import { parseHl7, type Hl7FieldError, type Hl7Header } from './hl7-message';
import { readLabResults } from './lab-results-oru';

/** What a received HL7 v2 message is to the gateway, and so which acknowledgment it gets. */
export type Hl7Reading =
  /** No MSH at its start: answered AR, nothing read. */
  | { readonly kind: 'unreadable' }
  /** A message type or trigger event the gateway does not take: AR. */
  | { readonly kind: 'unsupported'; readonly header: Hl7Header; readonly error: Hl7FieldError }
  /** A supported message with fields at fault: AE naming each, nothing published. */
  | { readonly kind: 'content-error'; readonly header: Hl7Header; readonly errors: Hl7FieldError[] }
  | {
      readonly kind: 'discharge';
      readonly header: Hl7Header;
      readonly discharge: PatientDischarged;
    }
  | {
      readonly kind: 'lab-results';
      readonly header: Hl7Header;
      readonly results: LabResultReported[];
    };

/** Message types read (MSH-9.1) and the trigger events of each (MSH-9.2). */
export const SUPPORTED_HL7_MESSAGES: Readonly<Record<string, readonly string[]>> = {
  ADT: ['A03'],
  ORU: ['R01'],
};

/** Reads one HL7 v2 message (the content of one MLLP frame). */
export function readHl7Message(text: string, assigningAuthority: string): Hl7Reading {
  const parsed = parseHl7(text);
  if (parsed === undefined) return { kind: 'unreadable' };
  const { message, header } = parsed;
  const events = SUPPORTED_HL7_MESSAGES[header.messageType];
  if (events === undefined)
    return {
      kind: 'unsupported',
      header,
      error: { segment: 'MSH', sequence: 1, field: 9, component: 1, code: '200' },
    };
  if (!events.includes(header.triggerEvent))
    return {
      kind: 'unsupported',
      header,
      error: { segment: 'MSH', sequence: 1, field: 9, component: 2, code: '201' },
    };
  if (header.controlId === '')
    return {
      kind: 'content-error',
      header,
      errors: [{ segment: 'MSH', sequence: 1, field: 10, code: '101' }],
    };
  if (header.messageType === 'ADT') {
    const read = readDischarge(message, assigningAuthority);
    return 'discharge' in read
      ? { kind: 'discharge', header, discharge: read.discharge }
      : { kind: 'content-error', header, errors: read.errors };
  }
  const read = readLabResults(message, assigningAuthority);
  return 'results' in read
    ? { kind: 'lab-results', header, results: read.results }
    : { kind: 'content-error', header, errors: read.errors };
}
