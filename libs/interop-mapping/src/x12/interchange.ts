import { walkGroups, type FunctionalGroupWalk } from './interchange-walk';
import { type X12Segment } from './segment';

/**
 * Reads an X12 interchange (ISA/IEA around GS/GE groups around ST/SE transaction sets) segment
 * by segment and checks its envelopes the way the 999 and TA1 report them: an unreadable
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
  // From the end, without splitting the whole file (it may be tens of megabytes).
  let end = text.length;
  while (
    end > 0 &&
    (/\s/.test(text.charAt(end - 1)) || text.charAt(end - 1) === header.segmentTerminator)
  )
    end -= 1;
  const start = text.lastIndexOf(header.segmentTerminator, end - 1) + 1;
  const last = text.slice(start, end).trim().split(header.elementSeparator);
  if (last[0] !== 'IEA') return undefined;
  return [last[1] ?? '', last[2] ?? ''];
}

export type InterchangeWalk =
  | {
      readonly kind: 'interchange';
      readonly header: InterchangeHeader;
      readonly groups: readonly FunctionalGroupWalk[];
    }
  | Extract<InterchangeReading, { kind: 'envelope-error' }>;

/**
 * Reads `text` (one interchange) with its envelopes checked; each group's sets are read when
 * iterated, one at a time. Never throws.
 */
export function walkInterchange(raw: string): InterchangeWalk {
  const text = raw.replace(/^\uFEFF/, '').trimStart();
  const isa = readIsa(text);
  if (typeof isa === 'string') return envelopeError(isa);
  if (!/^\d{9}$/.test(isa.controlNumber)) return envelopeError('018', isa);
  if (!text.slice(0, ISA_LENGTH).split(isa.elementSeparator)[12]?.startsWith('005'))
    return envelopeError('017', isa);
  const iea = readIea(text, isa);
  if (!iea) return envelopeError('023', isa);
  if (iea[1] !== isa.controlNumber) return envelopeError('001', isa);
  const groups = walkGroups(text, isa);
  if (groups === false) return envelopeError('022', isa);
  if (groups.length === 0) return envelopeError('024', isa);
  if (iea[0] !== String(groups.length)) return envelopeError('021', isa);
  return { kind: 'interchange', header: isa, groups };
}

/** Reads `text` (one interchange) whole: every set of every group at once. Never throws. */
export function readInterchange(raw: string): InterchangeReading {
  const walk = walkInterchange(raw);
  if (walk.kind !== 'interchange') return walk;
  return {
    ...walk,
    groups: walk.groups.map((group) => ({ ...group, sets: Array.from(group.sets) })),
  };
}
