import { Hl7Message, type Hl7Segment } from '@medplum/core';
import type { z } from 'zod';

/**
 * Where a content error is (ERR-2, an ERL: segment id, the segment's sequence among segments of
 * that id, field position, component), and why (ERR-3, HL7 table 0357). Never the value: it may
 * be PHI.
 */
export interface Hl7FieldError {
  readonly segment: string;
  readonly sequence: number;
  readonly field: number;
  readonly component?: number;
  /** HL7 table 0357: 100 segment sequence, 101 required field missing, 102 data type error, 103 table value not found, 200 unsupported message type, 201 unsupported event code. */
  readonly code: '100' | '101' | '102' | '103' | '200' | '201';
}

export const HL7_ERROR_TEXT: Record<Hl7FieldError['code'], string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
};

/** What the acknowledgment copies from the received MSH (applications and facilities, no PHI). */
export interface Hl7Header {
  readonly sendingApplication: string;
  readonly sendingFacility: string;
  readonly receivingApplication: string;
  readonly receivingFacility: string;
  /** MSH-10. */
  readonly controlId: string;
  readonly messageType: string;
  readonly triggerEvent: string;
  readonly version: string;
}

/** A field's text; '' when absent (the parser answers undefined past the last field). */
export function fieldOf(segment: Hl7Segment | undefined, field: number): string {
  return segment?.getField(field)?.toString() ?? '';
}

/** A component's text (1-based, first repetition); '' when absent. */
export function componentOf(
  segment: Hl7Segment | undefined,
  field: number,
  component: number,
): string {
  const value = segment?.getField(field);
  return value?.components[0]?.[component - 1] ?? '';
}

/** Parses a message, or undefined when it does not start with an MSH segment. */
export function parseHl7(text: string): { message: Hl7Message; header: Hl7Header } | undefined {
  if (!/^MSH[^\r\nA-Za-z0-9]/.test(text)) return undefined;
  const message = Hl7Message.parse(text.replace(/[\r\n]+$/, ''));
  const msh = message.getSegment('MSH');
  return {
    message,
    header: {
      sendingApplication: fieldOf(msh, 3),
      sendingFacility: fieldOf(msh, 4),
      receivingApplication: fieldOf(msh, 5),
      receivingFacility: fieldOf(msh, 6),
      controlId: fieldOf(msh, 10),
      messageType: componentOf(msh, 9, 1),
      triggerEvent: componentOf(msh, 9, 2),
      version: componentOf(msh, 12, 1),
    },
  };
}

/**
 * The member id: the PID-3 repetition whose assigning authority (CX-4, its first component) is
 * `assigningAuthority`; a member may carry several ids (MRN, plan id), only the plan's is a
 * Careflow member id.
 */
export function memberIdOf(pid: Hl7Segment | undefined, assigningAuthority: string): string {
  const field = pid?.getField(3);
  for (const repetition of field?.components ?? []) {
    const authority = (repetition[3] ?? '').split('&')[0];
    if (authority === assigningAuthority && repetition[0]) return repetition[0];
  }
  return '';
}

/**
 * The date of an HL7 DTM/TS (YYYYMMDD[HHMM[SS]][+/-ZZZZ]) as the sender wrote it (the facility's
 * day), or the text unchanged when it is not one (the contract's date check then refuses it).
 */
export function dateOf(timestamp: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(timestamp);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : timestamp;
}

export type Hl7Location = Omit<Hl7FieldError, 'code'>;

/**
 * The contract's verdict on mapped data as HL7 errors: each refused key at the location it was
 * read from, 101 when nothing was there, else 102.
 */
export function fieldErrorsOf<T>(
  schema: z.ZodType<T>,
  data: Record<string, unknown>,
  locate: (path: readonly PropertyKey[]) => Hl7Location,
): { value: T; errors: [] } | { value?: undefined; errors: Hl7FieldError[] } {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { value: parsed.data, errors: [] };
  const seen = new Set<string>();
  const errors: Hl7FieldError[] = [];
  for (const issue of parsed.error.issues) {
    const location = locate(issue.path);
    const key = JSON.stringify(location);
    if (seen.has(key)) continue;
    seen.add(key);
    const value = issue.path.reduce<unknown>(
      (at, step) => (at as Record<PropertyKey, unknown> | undefined)?.[step],
      data,
    );
    errors.push({
      ...location,
      code: value === undefined || value === null || value === '' ? '101' : '102',
    });
  }
  return { errors };
}

/** '' as undefined: an empty HL7 field is an absent one. */
export const present = (text: string): string | undefined => (text === '' ? undefined : text);

/** Where an ADT message's visit fields are (A01, A03, A11, A13 alike), for the ERR segment. */
export const ADT_VISIT_LOCATIONS: Readonly<Record<string, Hl7Location>> = {
  memberId: { segment: 'PID', sequence: 1, field: 3 },
  encounterId: { segment: 'PV1', sequence: 1, field: 19 },
  facilityNpi: { segment: 'MSH', sequence: 1, field: 4, component: 2 },
  admissionDate: { segment: 'PV1', sequence: 1, field: 44 },
};
