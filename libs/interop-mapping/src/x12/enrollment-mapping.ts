import { z } from 'zod';
import {
  fundingType,
  groupRef,
  lineOfBusiness,
  type FundingType,
  type GroupRef,
  type LineOfBusiness,
} from '@careflow/contracts';

/**
 * How a plan's 834 values become Careflow's line of business, funding type, group and member id.
 * The 834 guide (005010X220A1) carries the plan as an insurance line code (HD03) and a free-text
 * plan coverage description (HD04), the group as a group or policy number (REF*1L), and names no
 * line of business or funding: each plan writes these differently, so this is configuration
 * (ENROLLMENT_MAPPING_FILE), with DEFAULT_ENROLLMENT_MAPPING as the documented default.
 */
export const planRuleSchema = z.object({
  /** HD03 equal to this (e.g. HMO, PPO, HLT); any when absent. */
  insuranceLineCode: z.string().min(1).max(3).optional(),
  /** HD04 containing this text, case-insensitive; any when absent. */
  planCoverageDescriptionContains: z.string().min(1).max(50).optional(),
  lineOfBusiness,
  fundingType,
});
export type PlanRule = z.output<typeof planRuleSchema>;

export const enrollmentMappingSchema = z.object({
  /** Where the table comes from (a trading partner agreement, a companion guide), for the README. */
  source: z.string().min(1).max(500),
  /** First matching rule wins; an HD loop no rule matches rejects its transaction set. */
  plans: z.array(planRuleSchema).min(1).max(200),
  /** HD03 codes of coverages Careflow does not track (dental, vision): such HD loops are skipped. */
  ignoredInsuranceLineCodes: z.array(z.string().min(1).max(3)).max(50),
  /** REF*1L value → group; a value not listed becomes a group with that id and the sponsor's name. */
  groups: z.record(z.string().min(1).max(50), groupRef),
  /**
   * Where the member id comes from, first present wins: the 2000 loop's REF with these
   * qualifiers (e.g. 23 client number), then NM1*IL NM109 when NM108 is one of `nm1Qualifiers`,
   * then the subscriber's REF*0F for a subscriber (INS01 = Y). Never the SSN (NM108 = 34).
   */
  memberId: z.object({
    refQualifiers: z.array(z.string().min(2).max(3)).max(10),
    nm1Qualifiers: z.array(z.enum(['ZZ', 'MI', 'N'])).max(3),
    subscriberIdentifier: z.boolean(),
  }),
});
export type EnrollmentMapping = z.output<typeof enrollmentMappingSchema>;

/** The default: the four lines of business of the Michigan source document, by HD03 and HD04. */
export const DEFAULT_ENROLLMENT_MAPPING: EnrollmentMapping = {
  source:
    'Careflow default: HD04 names the product (Medicare Plus Blue, BCN Advantage, ASO for self-funded), HD03 HMO is BCN and PPO/HLT is Blue Cross',
  plans: [
    {
      planCoverageDescriptionContains: 'MEDICARE PLUS BLUE',
      lineOfBusiness: 'medicare-plus-blue',
      fundingType: 'fully-insured',
    },
    {
      planCoverageDescriptionContains: 'BCN ADVANTAGE',
      lineOfBusiness: 'bcn-advantage',
      fundingType: 'fully-insured',
    },
    {
      insuranceLineCode: 'HMO',
      planCoverageDescriptionContains: 'INDIVIDUAL',
      lineOfBusiness: 'bcn-commercial',
      fundingType: 'individual',
    },
    { insuranceLineCode: 'HMO', lineOfBusiness: 'bcn-commercial', fundingType: 'fully-insured' },
    {
      planCoverageDescriptionContains: 'ASO',
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'self-funded',
    },
    {
      planCoverageDescriptionContains: 'INDIVIDUAL',
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'individual',
    },
    {
      insuranceLineCode: 'PPO',
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'fully-insured',
    },
    {
      insuranceLineCode: 'HLT',
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'fully-insured',
    },
  ],
  ignoredInsuranceLineCodes: ['DEN', 'VIS', 'LTC', 'AH', 'AK'],
  groups: {
    'UAW-RETIREE': { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
    MPSERS: { id: 'mpsers', name: "Michigan Public School Employees' Retirement System" },
    SOM: { id: 'state-of-michigan', name: 'State of Michigan' },
    MESSA: { id: 'messa', name: 'Michigan Education Special Services Association' },
  },
  memberId: { refQualifiers: ['23'], nm1Qualifiers: ['ZZ', 'MI'], subscriberIdentifier: true },
};

/** The plan of an HD loop, or undefined when no rule matches. */
export function planOf(
  mapping: EnrollmentMapping,
  insuranceLineCode: string,
  planCoverageDescription: string,
): { lineOfBusiness: LineOfBusiness; fundingType: FundingType } | undefined {
  const description = planCoverageDescription.toUpperCase();
  const rule = mapping.plans.find(
    (r) =>
      (r.insuranceLineCode === undefined || r.insuranceLineCode === insuranceLineCode) &&
      (r.planCoverageDescriptionContains === undefined ||
        description.includes(r.planCoverageDescriptionContains.toUpperCase())),
  );
  return rule && { lineOfBusiness: rule.lineOfBusiness, fundingType: rule.fundingType };
}

/** The group of a REF*1L value (null for individual coverage, which has none). */
export function groupOf(
  mapping: EnrollmentMapping,
  groupOrPolicyNumber: string,
  sponsorName: string,
): GroupRef | null {
  if (groupOrPolicyNumber === '') return null;
  return (
    mapping.groups[groupOrPolicyNumber] ?? {
      id: groupOrPolicyNumber,
      name: sponsorName === '' ? groupOrPolicyNumber : sponsorName,
    }
  );
}
