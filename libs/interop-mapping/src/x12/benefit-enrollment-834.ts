import { coverageUpdatedData, type CoverageUpdated } from '@careflow/contracts';
import type { SegmentError } from './acknowledgments';
import { groupOf, planOf, type EnrollmentMapping } from './enrollment-mapping';
import { findSegment, splitMemberLoops, type CoverageLoop, type MemberLoop } from './member-loops';
import { elementOf, isoDateOfD8, type X12Segment } from './segment';

/**
 * An 834 benefit enrollment transaction set (005010X220A1) as `coverage.updated` events: one per
 * member loop and health coverage (HD) loop. Any error rejects the whole set (the caller
 * publishes nothing of it); each error names the segment, loop and element for the 999.
 */

/** INS03 maintenance type codes (element 875) the gateway accepts. */
export const MAINTENANCE_TYPES = {
  '021': 'addition',
  '001': 'change',
  '024': 'termination',
  '025': 'reinstatement',
  '030': 'audit-or-compare',
} as const;
export type MaintenanceType = (typeof MAINTENANCE_TYPES)[keyof typeof MAINTENANCE_TYPES];

/** BGN08 action code: 2 a change file, 4 verify, RX a full replacement file. */
export type EnrollmentFileKind = 'change' | 'verify' | 'full-replacement';

export interface EnrollmentChange {
  readonly maintenance: MaintenanceType;
  /** Position of the member's INS in the set: with the set's identity, the event's identity. */
  readonly memberPosition: number;
  /** Position of the HD of the coverage. */
  readonly coveragePosition: number;
  readonly coverage: CoverageUpdated;
}

export interface BenefitEnrollmentReading {
  readonly fileKind: EnrollmentFileKind | undefined;
  readonly changes: readonly EnrollmentChange[];
  readonly errors: readonly SegmentError[];
}

const FILE_KINDS: Readonly<Record<string, EnrollmentFileKind>> = {
  '2': 'change',
  '4': 'verify',
  RX: 'full-replacement',
};

function elementError(
  segment: X12Segment,
  loopId: string,
  position: number,
  reference: string,
  code: NonNullable<SegmentError['element']>['code'],
): SegmentError {
  return {
    segmentTag: segment.tag,
    position: segment.position,
    loopId,
    code: '8',
    element: { position, reference, code },
  };
}

function missing(tag: string, at: X12Segment, loopId: string): SegmentError {
  return { segmentTag: tag, position: at.position, loopId, code: 'I6' };
}

/** D8 date of the DTP with `qualifier`; an error when present but not a real date. */
function dateOf(
  segments: readonly X12Segment[],
  qualifier: string,
  loopId: string,
  errors: SegmentError[],
): string | undefined {
  const dtp = findSegment(segments, 'DTP', qualifier);
  if (!dtp) return undefined;
  const date = elementOf(dtp, 2) === 'D8' ? isoDateOfD8(elementOf(dtp, 3)) : undefined;
  if (date === undefined) errors.push(elementError(dtp, loopId, 3, '1251', '8'));
  return date;
}

function memberIdOf(member: MemberLoop, mapping: EnrollmentMapping): string {
  for (const qualifier of mapping.memberId.refQualifiers) {
    const ref = findSegment(member.memberLevel, 'REF', qualifier);
    if (ref && elementOf(ref, 2) !== '') return elementOf(ref, 2);
  }
  const nm1 = findSegment(member.member, 'NM1', 'IL');
  if (nm1 && (mapping.memberId.nm1Qualifiers as string[]).includes(elementOf(nm1, 8)))
    return elementOf(nm1, 9);
  if (mapping.memberId.subscriberIdentifier && elementOf(member.ins, 1) === 'Y')
    return elementOf(findSegment(member.memberLevel, 'REF', '0F') ?? member.ins, 2);
  return '';
}

function pcpOf(coverage: CoverageLoop): CoverageUpdated['pcp'] {
  for (const provider of coverage.providers) {
    const nm1 = findSegment(provider.segments, 'NM1', 'P3');
    if (!nm1) continue;
    const n3 = findSegment(provider.segments, 'N3');
    const n4 = findSegment(provider.segments, 'N4');
    const phone = provider.segments
      .filter((s) => s.tag === 'PER')
      .flatMap((s) => [
        [elementOf(s, 3), elementOf(s, 4)],
        [elementOf(s, 5), elementOf(s, 6)],
      ])
      .find(([qualifier]) => qualifier === 'TE')?.[1];
    const name = [elementOf(nm1, 4), elementOf(nm1, 3)].filter((p) => p !== '').join(' ');
    return {
      npi: elementOf(nm1, 9),
      name,
      phone: phone ?? null,
      address:
        n3 && n4
          ? {
              line1: elementOf(n3, 1),
              line2: elementOf(n3, 2) || null,
              city: elementOf(n4, 1),
              state: elementOf(n4, 2),
              postalCode: elementOf(n4, 3),
            }
          : null,
    };
  }
  return null;
}

/** Where a field of `coverage.updated` comes from, to name it in the 999. */
function sourceOfField(
  field: string,
  member: MemberLoop,
  coverage: CoverageLoop,
): { segment: X12Segment; loopId: string; element: number; reference: string } {
  const nm1 = findSegment(member.member, 'NM1', 'IL') ?? member.ins;
  const at = (
    segment: X12Segment | undefined,
    loopId: string,
    element: number,
    reference: string,
  ) =>
    segment
      ? { segment, loopId, element, reference }
      : { segment: member.ins, loopId: '2000', element: 1, reference: '1073' };
  switch (field) {
    case 'memberId':
      return at(nm1, '2100A', 9, '67');
    case 'firstName':
      return at(nm1, '2100A', 4, '1036');
    case 'lastName':
      return at(nm1, '2100A', 3, '1035');
    case 'birthDate':
      return at(findSegment(member.member, 'DMG') ?? nm1, '2100A', 2, '1251');
    case 'state':
      return at(findSegment(member.member, 'N4') ?? nm1, '2100A', 2, '156');
    case 'group':
      return at(findSegment(member.memberLevel, 'REF', '1L'), '2000', 2, '127');
    case 'pcp': {
      const provider = coverage.providers.find((p) => findSegment(p.segments, 'NM1', 'P3'));
      return at(provider && findSegment(provider.segments, 'NM1', 'P3'), '2310', 9, '67');
    }
    default:
      return at(coverage.hd, '2300', 3, '1205');
  }
}

function coverageOf(
  member: MemberLoop,
  coverage: CoverageLoop,
  maintenance: MaintenanceType,
  header: { sponsorName: string },
  mapping: EnrollmentMapping,
  errors: SegmentError[],
): EnrollmentChange | undefined {
  const before = errors.length;
  const plan = planOf(mapping, elementOf(coverage.hd, 3), elementOf(coverage.hd, 4));
  if (!plan) errors.push(elementError(coverage.hd, '2300', 3, '1205', 'I6'));
  const effectiveDate =
    dateOf(coverage.segments, '348', '2300', errors) ??
    dateOf(member.memberLevel, '356', '2000', errors);
  const ending =
    dateOf(coverage.segments, '349', '2300', errors) ??
    dateOf(member.memberLevel, '357', '2000', errors);
  if (effectiveDate === undefined && errors.length === before)
    errors.push(missing('DTP', coverage.hd, '2300'));
  if (maintenance === 'termination' && ending === undefined && errors.length === before)
    errors.push(missing('DTP', coverage.hd, '2300'));
  if (effectiveDate !== undefined && ending !== undefined && ending < effectiveDate) {
    const dtp =
      findSegment(coverage.segments, 'DTP', '349') ?? findSegment(member.memberLevel, 'DTP', '357');
    if (dtp) errors.push(elementError(dtp, '2300', 3, '1251', '8'));
  }
  const nm1 = findSegment(member.member, 'NM1', 'IL');
  const dmg = findSegment(member.member, 'DMG');
  const birthDate = dmg && elementOf(dmg, 1) === 'D8' ? isoDateOfD8(elementOf(dmg, 2)) : undefined;
  if (!nm1) errors.push(missing('NM1', member.ins, '2100A'));
  if (!dmg) errors.push(missing('DMG', nm1 ?? member.ins, '2100A'));
  else if (birthDate === undefined) errors.push(elementError(dmg, '2100A', 2, '1251', '8'));
  if (
    errors.length > before ||
    !plan ||
    !nm1 ||
    effectiveDate === undefined ||
    birthDate === undefined
  )
    return undefined;
  const n4 = findSegment(member.member, 'N4');
  const candidate = {
    memberId: memberIdOf(member, mapping),
    firstName: elementOf(nm1, 4),
    lastName: elementOf(nm1, 3),
    birthDate,
    lineOfBusiness: plan.lineOfBusiness,
    fundingType: plan.fundingType,
    group: groupOf(
      mapping,
      elementOf(findSegment(member.memberLevel, 'REF', '1L') ?? member.ins, 2),
      header.sponsorName,
    ),
    effectiveDate,
    terminationDate: maintenance === 'reinstatement' ? null : (ending ?? null),
    pcp: pcpOf(coverage),
    state: n4 ? elementOf(n4, 2) || null : null,
  };
  if (!findSegment(member.memberLevel, 'REF', '1L')) candidate.group = null;
  const checked = coverageUpdatedData.safeParse(candidate);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const source = sourceOfField(String(issue.path[0] ?? ''), member, coverage);
      const code = issue.code === 'invalid_type' ? '1' : 'I12';
      errors.push(
        elementError(source.segment, source.loopId, source.element, source.reference, code),
      );
    }
    return undefined;
  }
  return {
    maintenance,
    memberPosition: member.ins.position,
    coveragePosition: coverage.hd.position,
    coverage: checked.data,
  };
}

/** Reads the segments between ST and SE of an 834 set. */
export function readBenefitEnrollment(
  segments: readonly X12Segment[],
  mapping: EnrollmentMapping,
): BenefitEnrollmentReading {
  const errors: SegmentError[] = [];
  const { header, members } = splitMemberLoops(segments);
  const bgn = findSegment(header, 'BGN');
  if (!bgn) errors.push({ segmentTag: 'BGN', position: 2, code: '3' });
  const fileKind = bgn ? FILE_KINDS[elementOf(bgn, 8)] : undefined;
  if (bgn && fileKind === undefined) errors.push(elementError(bgn, '', 8, '306', '7'));
  const sponsorName = elementOf(
    findSegment(header, 'N1', 'P5') ?? { tag: 'N1', elements: [], position: 0 },
    2,
  );
  if (members.length === 0)
    errors.push({
      segmentTag: 'INS',
      position: (segments[segments.length - 1]?.position ?? 1) + 1,
      loopId: '2000',
      code: 'I7',
    });
  const changes: EnrollmentChange[] = [];
  for (const member of members) {
    const maintenance = MAINTENANCE_TYPES[
      elementOf(member.ins, 3) as keyof typeof MAINTENANCE_TYPES
    ] as MaintenanceType | undefined;
    if (maintenance === undefined) {
      errors.push(elementError(member.ins, '2000', 3, '875', '7'));
      continue;
    }
    const tracked = member.coverages.filter(
      (c) => !mapping.ignoredInsuranceLineCodes.includes(elementOf(c.hd, 3)),
    );
    if (tracked.length === 0) {
      errors.push(missing('HD', member.ins, '2300'));
      continue;
    }
    for (const coverage of tracked) {
      const change = coverageOf(member, coverage, maintenance, { sponsorName }, mapping, errors);
      if (change) changes.push(change);
    }
  }
  return { fileKind, changes: errors.length > 0 ? [] : changes, errors };
}
