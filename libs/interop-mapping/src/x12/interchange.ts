import { X12Parser, type X12Interchange, type X12Transaction } from 'node-x12';
import { type X12Segment } from './segment';

/**
 * Reads an X12 interchange (ISA/IEA around GS/GE groups around ST/SE transaction sets) with
 * node-x12 and checks its envelopes the way the 999 and TA1 report them: an unreadable
 * interchange envelope is a TA1 note (nothing inside is read), a broken group or set is reported
 * for that group or set alone, so the others of the file still flow.
 */

/** TA105 interchange note codes (X12 TA1) this reader answers. */
export type Ta1NoteCode =
  | '001' // control numbers of ISA13 and IEA02 differ
  | '004' // the segment terminator is invalid
  | '017' // the interchange version (ISA12) is not supported
  | '018' // invalid interchange control number value
  | '021' // IEA01 is not the number of groups
  | '022' // invalid control structure
  | '023' // premature end of file
  | '024' // invalid interchange content (e.g. an invalid GS segment)
  | '025' // duplicate interchange control number
  | '026'; // invalid data element separator

/** AK905 functional group syntax error codes. */
export type GroupErrorCode = '1' | '2' | '3' | '4' | '6';
/** IK502 transaction set syntax error codes (005010X231A1). */
export type SetSyntaxErrorCode = '1' | '2' | '3' | '4' | '5' | '6' | '7' | '23';

export interface InterchangeHeader {
  readonly senderQualifier: string;
  readonly senderId: string;
  readonly receiverQualifier: string;
  readonly receiverId: string;
  /** ISA09 (YYMMDD) and ISA10 (HHMM), echoed by the TA1. */
  readonly date: string;
  readonly time: string;
  /** ISA13: nine digits. */
  readonly controlNumber: string;
  /** ISA15: P production, T test. */
  readonly usageIndicator: string;
  readonly elementSeparator: string;
  readonly segmentTerminator: string;
  readonly componentSeparator: string;
  readonly repetitionSeparator: string;
}

export interface TransactionSetReading {
  /** ST01, e.g. 834. */
  readonly type: string;
  /** ST02. */
  readonly controlNumber: string;
  /** ST03, the implementation guide, e.g. 005010X220A1. */
  readonly implementation: string;
  /** The segments between ST and SE, positioned as in the set (ST is 1). */
  readonly segments: readonly X12Segment[];
  /** Set-level syntax error (IK502), if any; the set is then rejected whole. */
  readonly error?: SetSyntaxErrorCode;
}

export interface FunctionalGroupReading {
  /** GS01, e.g. BE (benefit enrollment), HC (health care claim). */
  readonly functionalId: string;
  readonly senderId: string;
  readonly receiverId: string;
  /** GS06. */
  readonly controlNumber: string;
  /** GS08, e.g. 005010X220A1. */
  readonly version: string;
  /** Group-level error (AK905): every set of the group is rejected. */
  readonly error?: GroupErrorCode;
  readonly sets: readonly TransactionSetReading[];
}

export type InterchangeReading =
  | {
      readonly kind: 'interchange';
      readonly header: InterchangeHeader;
      readonly groups: readonly FunctionalGroupReading[];
    }
  | {
      readonly kind: 'envelope-error';
      /** Undefined when not even the ISA could be read. */
      readonly header: InterchangeHeader | undefined;
      readonly note: Ta1NoteCode;
    };

const ISA_LENGTH = 106;

function envelopeError(note: Ta1NoteCode, header?: InterchangeHeader): InterchangeReading {
  return { kind: 'envelope-error', header, note };
}

/** The fixed-length ISA: its separators and fields, or the TA1 note that says why not. */
function readIsa(text: string): InterchangeHeader | Ta1NoteCode {
  if (!text.startsWith('ISA')) return '022';
  if (text.length < ISA_LENGTH) return '023';
  const elementSeparator = text.charAt(3);
  if (/[A-Za-z0-9 ]/.test(elementSeparator)) return '026';
  const fields = text.slice(0, ISA_LENGTH - 1).split(elementSeparator);
  if (fields.length !== 17) return '022';
  const segmentTerminator = text.charAt(ISA_LENGTH - 1);
  if (/[A-Za-z0-9 ]/.test(segmentTerminator) || segmentTerminator === elementSeparator)
    return '004';
  const field = (n: number) => fields[n] ?? '';
  return {
    senderQualifier: field(5),
    senderId: field(6).trim(),
    receiverQualifier: field(7),
    receiverId: field(8).trim(),
    date: field(9),
    time: field(10),
    repetitionSeparator: field(11),
    controlNumber: field(13),
    usageIndicator: field(15),
    elementSeparator,
    segmentTerminator,
    componentSeparator: field(16),
  };
}

/** The IEA (the last segment) as [IEA01, IEA02], or undefined when the file ends before it. */
function readIea(text: string, header: InterchangeHeader): [string, string] | undefined {
  const segments = text
    .split(header.segmentTerminator)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const last = segments[segments.length - 1]?.split(header.elementSeparator);
  if (!last || last[0] !== 'IEA') return undefined;
  return [last[1] ?? '', last[2] ?? ''];
}

function segmentOf(
  source: { tag: string; elements: { value: string }[] },
  position: number,
): X12Segment {
  return {
    tag: source.tag,
    elements: [source.tag, ...source.elements.map((e) => e.value)],
    position,
  };
}

function setOf(
  transaction: X12Transaction,
  controlNumbersSeen: Set<string>,
): TransactionSetReading {
  const st = transaction.header;
  const value = (n: number) => (st?.elements[n - 1]?.value ?? '').trim();
  const segments = transaction.segments.map((s, i) => segmentOf(s, i + 2));
  const base = {
    type: value(1),
    controlNumber: value(2),
    implementation: value(3),
    segments,
  };
  const trailer = transaction.trailer as X12Transaction['trailer'] | undefined;
  const error = ((): SetSyntaxErrorCode | undefined => {
    if (!/^\d{4,9}$/.test(base.controlNumber)) return '7';
    if (controlNumbersSeen.has(base.controlNumber)) return '23';
    controlNumbersSeen.add(base.controlNumber);
    if (!trailer || trailer.tag !== 'SE') return '2';
    if ((trailer.elements[1]?.value ?? '').trim() !== base.controlNumber) return '3';
    if ((trailer.elements[0]?.value ?? '').trim() !== String(segments.length + 2)) return '4';
    return undefined;
  })();
  return error ? { ...base, error } : base;
}

function groupsOf(interchange: X12Interchange): FunctionalGroupReading[] {
  return interchange.functionalGroups.map((group) => {
    const value = (n: number) => (group.header?.elements[n - 1]?.value ?? '').trim();
    const seen = new Set<string>();
    const sets = group.transactions.map((t) => setOf(t, seen));
    const trailer = group.trailer as typeof group.trailer | undefined;
    const controlNumber = value(6);
    const error = ((): GroupErrorCode | undefined => {
      if (!/^\d{1,9}$/.test(controlNumber)) return '6';
      if (!trailer || trailer.tag !== 'GE') return '6';
      if ((trailer.elements[1]?.value ?? '').trim() !== controlNumber) return '3';
      if ((trailer.elements[0]?.value ?? '').trim() !== String(sets.length)) return '4';
      return undefined;
    })();
    const reading = {
      functionalId: value(1),
      senderId: value(2),
      receiverId: value(3),
      controlNumber,
      version: value(8),
      sets,
    };
    return error ? { ...reading, error } : reading;
  });
}

/** Reads `text` (one interchange); never throws. */
export function readInterchange(raw: string): InterchangeReading {
  const text = raw.replace(/^\uFEFF/, '').trimStart();
  const isa = readIsa(text);
  if (typeof isa === 'string') return envelopeError(isa);
  if (!/^\d{9}$/.test(isa.controlNumber)) return envelopeError('018', isa);
  if (!text.slice(0, ISA_LENGTH).split(isa.elementSeparator)[12]?.startsWith('005'))
    return envelopeError('017', isa);
  const iea = readIea(text, isa);
  if (!iea) return envelopeError('023', isa);
  if (iea[1] !== isa.controlNumber) return envelopeError('001', isa);
  let interchange: X12Interchange;
  try {
    const parsed = new X12Parser(false).parse(text, {
      elementDelimiter: isa.elementSeparator,
      segmentTerminator: isa.segmentTerminator,
      subElementDelimiter: isa.componentSeparator,
    });
    if (!('functionalGroups' in parsed)) return envelopeError('022', isa);
    interchange = parsed;
  } catch {
    return envelopeError('022', isa);
  }
  if (interchange.functionalGroups.length === 0) return envelopeError('024', isa);
  if (iea[0] !== String(interchange.functionalGroups.length)) return envelopeError('021', isa);
  return { kind: 'interchange', header: isa, groups: groupsOf(interchange) };
}
