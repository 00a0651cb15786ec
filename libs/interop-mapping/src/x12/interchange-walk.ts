import type {
  FunctionalGroupReading,
  GroupErrorCode,
  InterchangeHeader,
  SetSyntaxErrorCode,
  TransactionSetReading,
} from './interchange';
import type { X12Segment } from './segment';

/**
 * Reads the segments of an interchange one at a time from the text (no array of every segment,
 * no object graph of the whole file), so a 50 MB 837 costs the text and one transaction set at a
 * time. A first pass checks the group envelopes (counting only); the sets of a group are then
 * read lazily, one whole set per step.
 */

/** One group's envelope, its sets read on demand. */
export interface FunctionalGroupWalk extends Omit<FunctionalGroupReading, 'sets'> {
  readonly sets: Iterable<TransactionSetReading>;
}

interface RawSegment {
  readonly tag: string;
  readonly text: string;
  readonly end: number;
}

/** The segments of `text` from `from` to `to`, lazily. */
function* segmentsIn(
  text: string,
  header: InterchangeHeader,
  from: number,
  to: number,
): Generator<RawSegment> {
  let at = from;
  while (at < to) {
    let end = text.indexOf(header.segmentTerminator, at);
    if (end < 0 || end > to) end = to;
    const segment = text.slice(at, end).trim();
    at = end + 1;
    if (segment.length === 0) continue;
    const cut = segment.indexOf(header.elementSeparator);
    yield { tag: cut < 0 ? segment : segment.slice(0, cut), text: segment, end: at };
  }
}

const elements = (raw: RawSegment, header: InterchangeHeader) =>
  raw.text.split(header.elementSeparator).map((e) => e.trim());

interface GroupSpan {
  readonly elements: readonly string[];
  readonly from: number;
  to: number;
  trailer: readonly string[] | undefined;
  sets: number;
}

/** The groups' spans and trailers, or false when the structure is not ISA (GS … GE)* IEA. */
function groupSpans(text: string, header: InterchangeHeader): GroupSpan[] | false {
  const groups: GroupSpan[] = [];
  let open: GroupSpan | undefined;
  let ended = false;
  let first = true;
  for (const raw of segmentsIn(text, header, 0, text.length)) {
    if (first) {
      first = false;
      continue; // the ISA, checked by the caller
    }
    if (ended) return false;
    if (raw.tag === 'GS') {
      if (open) open.to = raw.end - raw.text.length - 1;
      open = {
        elements: elements(raw, header),
        from: raw.end,
        to: raw.end,
        trailer: undefined,
        sets: 0,
      };
      groups.push(open);
    } else if (raw.tag === 'GE') {
      if (!open) return false;
      open.trailer = elements(raw, header);
      open.to = raw.end;
      open = undefined;
    } else if (raw.tag === 'IEA') {
      if (open) open.to = raw.end - raw.text.length - 1;
      ended = true;
    } else if (!open) return false;
    else if (raw.tag === 'ST') open.sets += 1;
  }
  return groups;
}

function* setsOf(
  text: string,
  header: InterchangeHeader,
  span: GroupSpan,
): Generator<TransactionSetReading> {
  const seen = new Set<string>();
  let st: readonly string[] | undefined;
  let segments: X12Segment[] = [];
  const close = (trailer: readonly string[] | undefined): TransactionSetReading => {
    const value = (n: number) => st?.[n] ?? '';
    const base = {
      type: value(1),
      controlNumber: value(2),
      implementation: value(3),
      segments,
    };
    const error = ((): SetSyntaxErrorCode | undefined => {
      if (!/^\d{4,9}$/.test(base.controlNumber)) return '7';
      if (seen.has(base.controlNumber)) return '23';
      seen.add(base.controlNumber);
      if (!trailer) return '2';
      if ((trailer[2] ?? '') !== base.controlNumber) return '3';
      if ((trailer[1] ?? '') !== String(segments.length + 2)) return '4';
      return undefined;
    })();
    st = undefined;
    segments = [];
    return error ? { ...base, error } : base;
  };
  for (const raw of segmentsIn(text, header, span.from, span.to)) {
    if (raw.tag === 'ST') {
      if (st) yield close(undefined);
      st = elements(raw, header);
    } else if (raw.tag === 'SE') {
      if (st) yield close(elements(raw, header));
    } else if (raw.tag === 'GE') break;
    else if (st)
      segments.push({
        tag: raw.tag,
        elements: raw.text.split(header.elementSeparator),
        position: segments.length + 2,
      });
  }
  if (st) yield close(undefined);
}

/** The groups of an interchange whose ISA and IEA were checked; false for a broken structure. */
export function walkGroups(text: string, header: InterchangeHeader): FunctionalGroupWalk[] | false {
  const spans = groupSpans(text, header);
  if (spans === false) return false;
  return spans.map((span) => {
    const value = (n: number) => span.elements[n] ?? '';
    const controlNumber = value(6);
    const trailer = span.trailer;
    const error = ((): GroupErrorCode | undefined => {
      if (!/^\d{1,9}$/.test(controlNumber)) return '6';
      if (!trailer) return '6';
      if ((trailer[2] ?? '') !== controlNumber) return '3';
      if ((trailer[1] ?? '') !== String(span.sets)) return '4';
      return undefined;
    })();
    const group = {
      functionalId: value(1),
      senderId: value(2),
      receiverId: value(3),
      controlNumber,
      version: value(8),
      sets: { [Symbol.iterator]: () => setsOf(text, header, span) },
    };
    return error ? { ...group, error } : group;
  });
}
