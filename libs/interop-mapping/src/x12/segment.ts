import { isIsoDate } from '@careflow/contracts';

/**
 * One X12 segment as the mappings read it: the tag and the elements by their X12 position
 * (`elements[1]` is XX01), and where it stands in its transaction set (ST is 1), which the 999
 * reports.
 */
export interface X12Segment {
  readonly tag: string;
  /** `elements[0]` is the tag; `elements[n]` is element n, '' when absent. */
  readonly elements: readonly string[];
  /** Position in the transaction set, counting ST as 1 (the 999's IK302). */
  readonly position: number;
}

/** Element `n` (1-based, as X12 numbers them), trimmed; '' when absent. */
export function elementOf(segment: X12Segment, n: number): string {
  return (segment.elements[n] ?? '').trim();
}

/** `CCYYMMDD` (the D8 date format) as `YYYY-MM-DD`; undefined when it is not a real date. */
export function isoDateOfD8(value: string): string | undefined {
  if (!/^\d{8}$/.test(value)) return undefined;
  const date = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  return isIsoDate(date) ? date : undefined;
}
