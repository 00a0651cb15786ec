import { z } from 'zod';
import { groupRef, pcpFromEnrollment } from '../../common';
import { isoDate, label, memberId, usState } from '../../primitives';
import { fundingType, lineOfBusiness, pharmacyBenefitAdministrator } from '../../reference';
import { defineTopic } from '../../topic';

export const coverageUpdatedData = z.object({
  memberId,
  firstName: label(100),
  lastName: label(100),
  birthDate: isoDate,
  lineOfBusiness,
  fundingType,
  group: groupRef.nullish().describe('The employer or trust group; null for individual coverage.'),
  effectiveDate: isoDate,
  terminationDate: isoDate.nullish().describe('Last day of coverage; null while open-ended.'),
  pharmacyBenefitAdministrator: pharmacyBenefitAdministrator.nullish(),
  pcp: pcpFromEnrollment.nullish(),
  state: usState.nullish().describe("The member's state of residence."),
});
export type CoverageUpdated = z.output<typeof coverageUpdatedData>;

export const eligibilityCoverageTopic = defineTopic({
  name: 'eligibility.coverage.v1',
  eventType: 'coverage.updated',
  direction: 'consumed',
  publishedUpstreamBy: 'enrollment',
  summary: 'Coverage spans from the enrollment system (834 feed), one event per change.',
  data: coverageUpdatedData,
  keyOf: (d) => d.memberId,
  consumedBy: ['eligibility'],
});
