import type {
  FunctionalGroupReading,
  GroupErrorCode,
  InterchangeHeader,
  SetSyntaxErrorCode,
  Ta1NoteCode,
} from './interchange';

/**
 * The acknowledgments of ASC X12 005010: the 999 implementation acknowledgment (005010X231A1)
 * for groups and transaction sets, the TA1 interchange acknowledgment for envelopes. Each travels
 * in an interchange of its own from the receiver back to the sender. Error texts never copy a
 * received value (IK404 is left out: the bad value may be PHI).
 */

/** IK304 segment syntax error codes used here. */
export type SegmentErrorCode = '1' | '2' | '3' | '7' | '8' | 'I6' | 'I7';
/** IK403 element syntax error codes used here. */
export type ElementErrorCode = '1' | '2' | '4' | '5' | '6' | '7' | '8' | 'I12' | 'I6' | 'I9';

/** One error of a transaction set's content (IK3, with its IK4 when an element is at fault). */
export interface SegmentError {
  /** The segment at fault, or the one expected where a required segment is missing. */
  readonly segmentTag: string;
  /** Its position in the set (ST is 1); for a missing segment, where it was expected. */
  readonly position: number;
  /** The loop it belongs to, e.g. 2000, 2300, 2310. */
  readonly loopId?: string;
  readonly code: SegmentErrorCode;
  readonly element?: {
    /** Position in the segment (IK401), and of the component when composite. */
    readonly position: number;
    readonly component?: number;
    /** The data element reference number (IK402), e.g. 1069 for INS03. */
    readonly reference: string;
    readonly code: ElementErrorCode;
  };
}

/** How one transaction set was received. */
export interface SetAcknowledgment {
  readonly type: string;
  readonly controlNumber: string;
  readonly implementation: string;
  /** A syntax error of the set's envelope (IK502), or content errors: either rejects the set. */
  readonly syntaxError?: SetSyntaxErrorCode;
  readonly errors: readonly SegmentError[];
}

export interface GroupAcknowledgment {
  readonly group: Pick<FunctionalGroupReading, 'functionalId' | 'controlNumber' | 'version'>;
  readonly groupError?: GroupErrorCode;
  readonly sets: readonly SetAcknowledgment[];
}

/** Who answers and when (the acknowledgment's own envelope). */
export interface AcknowledgmentEnvelope {
  /** The received ISA (its sender becomes the receiver of the answer); undefined if unreadable. */
  readonly received: InterchangeHeader | undefined;
  /** Interchange and group control number of the answer (1 to 999999999). */
  readonly controlNumber: number;
  /** When the answer is made: `YYYY-MM-DD` and `HH:MM`. */
  readonly date: string;
  readonly time: string;
  /** ISA06 used when the received sender is unknown. */
  readonly receiverId: string;
}

export function isSetAccepted(set: SetAcknowledgment): boolean {
  return set.syntaxError === undefined && set.errors.length === 0;
}

const pad = (value: string, length: number) => value.padEnd(length, ' ').slice(0, length);

function separatorsOf(envelope: AcknowledgmentEnvelope) {
  const received = envelope.received;
  return {
    element: received?.elementSeparator ?? '*',
    segment: received?.segmentTerminator ?? '~',
    component: received?.componentSeparator ?? ':',
    repetition: received?.repetitionSeparator ?? '^',
  };
}

function isaOf(envelope: AcknowledgmentEnvelope): string[] {
  const received = envelope.received;
  const s = separatorsOf(envelope);
  const [year, month, day] = envelope.date.split('-');
  const control = String(envelope.controlNumber).padStart(9, '0');
  return [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    received?.receiverQualifier ?? 'ZZ',
    pad(received?.receiverId ?? envelope.receiverId, 15),
    received?.senderQualifier ?? 'ZZ',
    pad(received?.senderId ?? 'UNKNOWN', 15),
    `${(year ?? '').slice(2)}${month ?? ''}${day ?? ''}`,
    envelope.time.replace(':', ''),
    s.repetition,
    '00501',
    control,
    '0',
    received?.usageIndicator === 'T' ? 'T' : 'P',
    s.component,
  ];
}

function render(envelope: AcknowledgmentEnvelope, segments: string[][]): string {
  const s = separatorsOf(envelope);
  return segments.map((segment) => segment.join(s.element) + s.segment).join('\n') + '\n';
}

/** The TA1 that rejects an interchange for `note`, in an interchange of its own. */
export function interchangeAcknowledgment(
  envelope: AcknowledgmentEnvelope,
  note: Ta1NoteCode,
): string {
  const received = envelope.received;
  const isa = isaOf(envelope);
  return render(envelope, [
    isa,
    [
      'TA1',
      // Echoes the received ISA13, ISA09 and ISA10 where they are readable.
      /^\d{9}$/.test(received?.controlNumber ?? '') ? (received?.controlNumber ?? '') : '000000000',
      /^\d{6}$/.test(received?.date ?? '') ? (received?.date ?? '') : '000000',
      /^\d{4}$/.test(received?.time ?? '') ? (received?.time ?? '') : '0000',
      'R',
      note,
    ],
    ['IEA', '0', isa[13] ?? ''],
  ]);
}

function ik5Of(set: SetAcknowledgment): string[] {
  if (isSetAccepted(set)) return ['IK5', 'A'];
  return ['IK5', 'R', set.syntaxError ?? '5'];
}

function setSegments(set: SetAcknowledgment): string[][] {
  const segments: string[][] = [['AK2', set.type, set.controlNumber, set.implementation]];
  for (const error of set.errors) {
    segments.push([
      'IK3',
      error.segmentTag,
      String(error.position),
      error.loopId ?? '',
      error.code,
    ]);
    if (error.element) {
      const position =
        error.element.component !== undefined
          ? `${error.element.position}:${error.element.component}`
          : String(error.element.position);
      segments.push(['IK4', position, error.element.reference, error.element.code]);
    }
  }
  segments.push(ik5Of(set));
  return segments;
}

function groupCode(group: GroupAcknowledgment): 'A' | 'P' | 'R' {
  const accepted = group.sets.filter(isSetAccepted).length;
  if (group.groupError !== undefined || accepted === 0) return 'R';
  return accepted === group.sets.length ? 'A' : 'P';
}

/** One 999 transaction set per received functional group, in one interchange. */
export function implementationAcknowledgment(
  envelope: AcknowledgmentEnvelope,
  groups: readonly GroupAcknowledgment[],
): string {
  const isa = isaOf(envelope);
  const received = envelope.received;
  const control = String(envelope.controlNumber);
  const compactDate = envelope.date.replaceAll('-', '');
  const body: string[][] = [
    [
      'GS',
      'FA',
      pad(received?.receiverId ?? envelope.receiverId, 15).trim(),
      pad(received?.senderId ?? 'UNKNOWN', 15).trim(),
      compactDate,
      envelope.time.replace(':', ''),
      control,
      'X',
      '005010X231A1',
    ],
  ];
  groups.forEach((group, index) => {
    const stControl = String(index + 1).padStart(4, '0');
    const sets = group.groupError !== undefined ? [] : group.sets.flatMap(setSegments);
    const accepted = group.groupError !== undefined ? 0 : group.sets.filter(isSetAccepted).length;
    const ak9 = [
      'AK9',
      groupCode(group),
      String(group.sets.length),
      String(group.sets.length),
      String(accepted),
      ...(group.groupError !== undefined ? [group.groupError] : []),
    ];
    const transaction = [
      ['ST', '999', stControl, '005010X231A1'],
      ['AK1', group.group.functionalId, group.group.controlNumber, group.group.version],
      ...sets,
      ak9,
    ];
    body.push(...transaction, ['SE', String(transaction.length + 1), stControl]);
  });
  body.push(['GE', String(groups.length), control]);
  return render(envelope, [isa, ...body, ['IEA', '1', isa[13] ?? '']]);
}
