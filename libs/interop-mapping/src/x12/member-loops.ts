import { elementOf, type X12Segment } from './segment';

/**
 * The 834's member loops (005010X220A1): loop 2000 starts at INS; within it NM1*IL starts 2100A
 * (the member), other NM1s the 2100B–H loops, HD a 2300 health coverage loop, LX a 2310
 * provider loop (its NM1*P3 is the primary care provider), COB 2320, LS/LE the 2700 reporting
 * categories. What comes before the first INS is the header (BGN, N1*P5 sponsor, N1*IN payer).
 */
export interface ProviderLoop {
  readonly lx: X12Segment;
  readonly segments: readonly X12Segment[];
}

export interface CoverageLoop {
  readonly hd: X12Segment;
  readonly segments: readonly X12Segment[];
  readonly providers: readonly ProviderLoop[];
}

export interface MemberLoop {
  readonly ins: X12Segment;
  /** Loop 2000's REF and DTP. */
  readonly memberLevel: readonly X12Segment[];
  /** Loop 2100A: NM1*IL and what follows it (N3, N4, DMG, PER…). */
  readonly member: readonly X12Segment[];
  readonly coverages: readonly CoverageLoop[];
}

export interface EnrollmentSegments {
  readonly header: readonly X12Segment[];
  readonly members: readonly MemberLoop[];
}

interface MutableCoverage {
  hd: X12Segment;
  segments: X12Segment[];
  providers: { lx: X12Segment; segments: X12Segment[] }[];
}
interface MutableMember {
  ins: X12Segment;
  memberLevel: X12Segment[];
  member: X12Segment[];
  coverages: MutableCoverage[];
}

type Place = 'header' | '2000' | '2100A' | '2100other' | '2300' | '2310' | 'other';

export function splitMemberLoops(segments: readonly X12Segment[]): EnrollmentSegments {
  const header: X12Segment[] = [];
  const members: MutableMember[] = [];
  let place: Place = 'header';
  for (const segment of segments) {
    const current = members[members.length - 1];
    const coverage = current?.coverages[current.coverages.length - 1];
    if (segment.tag === 'INS') {
      members.push({ ins: segment, memberLevel: [], member: [], coverages: [] });
      place = '2000';
    } else if (!current) {
      header.push(segment);
    } else if (segment.tag === 'HD') {
      current.coverages.push({ hd: segment, segments: [], providers: [] });
      place = '2300';
    } else if (segment.tag === 'LX' && coverage) {
      coverage.providers.push({ lx: segment, segments: [] });
      place = '2310';
    } else if (segment.tag === 'COB' || segment.tag === 'LS' || segment.tag === 'LE') {
      place = 'other';
    } else if (segment.tag === 'NM1' && (place === '2000' || place.startsWith('2100'))) {
      place = elementOf(segment, 1) === 'IL' ? '2100A' : '2100other';
      if (place === '2100A') current.member.push(segment);
    } else if (place === '2000') current.memberLevel.push(segment);
    else if (place === '2100A') current.member.push(segment);
    else if (place === '2300') coverage?.segments.push(segment);
    else if (place === '2310')
      coverage?.providers[coverage.providers.length - 1]?.segments.push(segment);
  }
  return { header, members };
}

/** The first segment with `tag` whose element 1 is `qualifier` (when given). */
export function findSegment(
  segments: readonly X12Segment[],
  tag: string,
  qualifier?: string,
): X12Segment | undefined {
  return segments.find(
    (s) => s.tag === tag && (qualifier === undefined || elementOf(s, 1) === qualifier),
  );
}
