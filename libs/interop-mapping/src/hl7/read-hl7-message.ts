import type { Hl7Message } from '@medplum/core';
import type {
  HospitalStayChange,
  HospitalStayChanged,
  LabResultReported,
  PatientDischarged,
} from '@careflow/contracts';
import { readDischarge } from './adt-discharge';
import { readStayChange } from './adt-stay-change';
import { componentOf, parseHl7, type Hl7FieldError, type Hl7Header } from './hl7-message';
import { readLabResults } from './lab-results-oru';

/** Why a supported message is acknowledged (AA) and publishes nothing. */
export type Hl7IgnoredReason =
  /** ADT^A08: demographics are the enrollment system's (834), no topic takes them from a hospital. */
  | 'demographics-not-taken'
  /** ADT^A04, or an A01/A03/A11/A13 whose PV1-2 patient class is not inpatient: no hospital stay. */
  | 'not-an-inpatient-stay';

/** What a received HL7 v2 message is to the gateway, and so which acknowledgment it gets. */
export type Hl7Reading =
  /** No MSH at its start: answered AR, nothing read. */
  | { readonly kind: 'unreadable' }
  /** A message type or trigger event the gateway does not take: AR. */
  | { readonly kind: 'unsupported'; readonly header: Hl7Header; readonly error: Hl7FieldError }
  /** A supported message with fields at fault: AE naming each, nothing published. */
  | { readonly kind: 'content-error'; readonly header: Hl7Header; readonly errors: Hl7FieldError[] }
  /** A supported message that changes nothing the platform keeps: AA, nothing published. */
  | { readonly kind: 'ignored'; readonly header: Hl7Header; readonly reason: Hl7IgnoredReason }
  | {
      readonly kind: 'discharge';
      readonly header: Hl7Header;
      readonly discharge: PatientDischarged;
    }
  | {
      readonly kind: 'stay-change';
      readonly header: Hl7Header;
      readonly stayChange: HospitalStayChanged;
    }
  | {
      readonly kind: 'lab-results';
      readonly header: Hl7Header;
      readonly results: LabResultReported[];
    };

/**
 * The ADT trigger events read (HL7 v2.5.1 chapter 3) and what each means to the platform: A01
 * admit/visit notification (3.3.1), A03 discharge/end visit (3.3.3), A04 register a patient
 * (3.3.4: an outpatient or emergency visit, no admission), A08 update patient information (3.3.8),
 * A11 cancel admit/visit notification (3.3.11), A13 cancel discharge/end visit (3.3.13).
 */
export const ADT_EVENTS = {
  A01: 'admitted',
  A03: 'discharged',
  A04: 'registered',
  A08: 'updated',
  A11: 'admission-cancelled',
  A13: 'discharge-cancelled',
} as const satisfies Record<string, HospitalStayChange | 'discharged' | 'registered' | 'updated'>;

/** Message types read (MSH-9.1) and the trigger events of each (MSH-9.2). */
export const SUPPORTED_HL7_MESSAGES: Readonly<Record<string, readonly string[]>> = {
  ADT: Object.keys(ADT_EVENTS),
  ORU: ['R01'],
};

export interface Hl7ReadOptions {
  /** PID-3 assigning authority (CX-4) of the plan's member ids. */
  readonly assigningAuthority: string;
  /**
   * PV1-2 patient classes (HL7 table 0004) of a hospital stay; an ADT of another class (E
   * emergency, O outpatient …) is acknowledged and ignored. An empty PV1-2 counts as inpatient.
   */
  readonly inpatientClasses: readonly string[];
}

export const DEFAULT_INPATIENT_CLASSES: readonly string[] = ['I'];

/** Reads one HL7 v2 message (the content of one MLLP frame). */
export function readHl7Message(text: string, options: string | Hl7ReadOptions): Hl7Reading {
  const { assigningAuthority, inpatientClasses } =
    typeof options === 'string'
      ? { assigningAuthority: options, inpatientClasses: DEFAULT_INPATIENT_CLASSES }
      : options;
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
  if (header.messageType === 'ADT')
    return readAdt(
      message,
      header,
      ADT_EVENTS[header.triggerEvent as keyof typeof ADT_EVENTS],
      assigningAuthority,
      inpatientClasses,
    );
  const read = readLabResults(message, assigningAuthority);
  return 'results' in read
    ? { kind: 'lab-results', header, results: read.results }
    : { kind: 'content-error', header, errors: read.errors };
}

function readAdt(
  message: Hl7Message,
  header: Hl7Header,
  event: (typeof ADT_EVENTS)[keyof typeof ADT_EVENTS],
  assigningAuthority: string,
  inpatientClasses: readonly string[],
): Hl7Reading {
  if (event === 'updated') return { kind: 'ignored', header, reason: 'demographics-not-taken' };
  const patientClass = componentOf(message.getSegment('PV1'), 2, 1);
  if (event === 'registered' || (patientClass !== '' && !inpatientClasses.includes(patientClass)))
    return { kind: 'ignored', header, reason: 'not-an-inpatient-stay' };
  if (event === 'discharged') {
    const read = readDischarge(message, assigningAuthority);
    return 'discharge' in read
      ? { kind: 'discharge', header, discharge: read.discharge }
      : { kind: 'content-error', header, errors: read.errors };
  }
  const read = readStayChange(message, event, assigningAuthority);
  return 'stayChange' in read
    ? { kind: 'stay-change', header, stayChange: read.stayChange }
    : { kind: 'content-error', header, errors: read.errors };
}
