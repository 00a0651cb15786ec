import { z } from 'zod';
import { groupRef, primaryCareProvider } from '../../common';
import { identifier, isoDate, label, list, memberId, timestamp, usState } from '../../primitives';
import { fundingType, lineOfBusiness, pharmacyBenefitAdministrator } from '../../reference';
import { defineTopic } from '../../topic';
import { notBefore } from '../refinements';

/** One effective-dated span of coverage. No names or birth dates: those travel in `member`. */
export const coverageSpan = z
  .object({
    lineOfBusiness,
    fundingType,
    group: groupRef.nullable(),
    effectiveDate: isoDate,
    terminationDate: isoDate.nullable().describe('Last day of coverage; null while open-ended.'),
    pharmacyBenefitAdministrator: pharmacyBenefitAdministrator.nullable(),
    pcp: primaryCareProvider.nullable(),
    state: usState.nullable(),
    sourceEventId: identifier.describe(
      'The id of the coverage.updated event this span comes from.',
    ),
    sourceEventTime: timestamp,
  })
  .superRefine(notBefore('terminationDate', 'effectiveDate'));
export type CoverageSpan = z.output<typeof coverageSpan>;

export const memberCoverageChangedData = z.object({
  memberId,
  spans: list(coverageSpan, 500).describe(
    "The member's full coverage history after the change, ordered by effective date.",
  ),
  version: z
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .describe('Increases by one with each change of the member; consumers ignore older versions.'),
  member: z
    .object({ firstName: label(100), lastName: label(100), birthDate: isoDate })
    .nullish()
    .describe(
      "The member's name and birth date as of the coverage event behind this version, so the PCP can recognise the patient on letters and the case manager the member on the caseload. Stored by pcp-notification (member_identities) and case-management (member_demographics: name and birth date only); authorization-routing ignores them. Optional addition.",
    ),
});
export type MemberCoverageChanged = z.output<typeof memberCoverageChangedData>;

export const memberCoverageTopic = defineTopic({
  name: 'eligibility.member-coverage.v1',
  eventType: 'member-coverage.changed',
  direction: 'internal',
  summary:
    "A member's effective-dated coverage after each change, for the read models of other services.",
  compacted: true,
  data: memberCoverageChangedData,
  keyOf: (d) => d.memberId,
  producedBy: ['eligibility'],
  consumedBy: ['authorization-routing', 'case-management', 'pcp-notification', 'interop-gateway'],
});
