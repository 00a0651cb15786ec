import type { AdherenceProgram, RoutingPolicy } from '../policy/schema';
import {
  FUNDING_TYPE_LABELS,
  LINE_OF_BUSINESS_LABELS,
  MEDICARE_ADVANTAGE_LINES,
  type PharmacyChannel,
} from '../reference-values';
import type { MemberCoverage } from '../routing/types';

/** A prescription fill (from `claims.pharmacy.v1`). */
export interface PrescriptionFill {
  /** YYYY-MM-DD */
  fillDate: string;
  ndc: string;
  drugName?: string | null;
  pharmacyChannel: PharmacyChannel;
  /** A reversed claim is not a fill. Absent: paid. */
  status?: 'paid' | 'reversed';
}

export interface AdherenceEligibilityInput {
  /** The member's coverage in force on the fill date, or null. */
  coverage: MemberCoverage | null;
  fill: PrescriptionFill;
}

export interface AdherenceEligibility {
  program: 'drug-adherence-discount';
  vendor: { id: string; name: string };
  eligible: boolean;
  /** Every condition checked, met or not, in plain language. */
  reasons: string[];
  /** Ids of the conditions that decided (`adherence.<condition>.met|not-met`). */
  ruleTrace: string[];
  /** The select-medications class the drug matched, or null. */
  medicationClass: string | null;
  policyVersion: string;
}

/** Words of a drug name, lower case ("Atorvastatin Calcium 20 MG" -> atorvastatin, calcium, 20, mg). */
function words(name: string): Set<string> {
  return new Set(
    name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );
}

export function matchSelectMedication(
  program: AdherenceProgram,
  fill: Pick<PrescriptionFill, 'ndc' | 'drugName'>,
): { id: string; name: string } | null {
  const ndc = fill.ndc.replace(/\D/g, '');
  if (ndc && program.selectMedications.ndcPrefixes.some((p) => ndc.startsWith(p))) {
    return { id: 'ndc-list', name: 'Select medications NDC list' };
  }
  if (!fill.drugName) return null;
  const nameWords = words(fill.drugName);
  const match = program.selectMedications.classes.find((c) =>
    c.genericNames.some((g) => nameWords.has(g.toLowerCase())),
  );
  return match ? { id: match.id, name: match.name } : null;
}

/**
 * Whether a fill passes the program's checks that do not depend on coverage: paid, at a pharmacy
 * channel the program serves, for one of its select medications. A fill that does not can never
 * qualify, whatever the member's coverage, so its judgement needs no coverage lookup.
 */
export function fillMayQualify(fill: PrescriptionFill, policy: RoutingPolicy): boolean {
  const program = policy.adherenceProgram;
  return (
    fill.status !== 'reversed' &&
    program.pharmacyChannels.includes(fill.pharmacyChannel) &&
    matchSelectMedication(program, fill) !== null
  );
}

/**
 * Whether a fill qualifies for the Sempre Health drug adherence discount program: Blue Cross or
 * BCN commercial coverage (fully insured, self-funded or individual), never Medicare Advantage,
 * filled at a retail pharmacy, for one of the program's select medications.
 */
export function evaluateAdherenceEligibility(
  input: AdherenceEligibilityInput,
  policy: RoutingPolicy,
): AdherenceEligibility {
  const program = policy.adherenceProgram;
  const { coverage, fill } = input;
  const reasons: string[] = [];
  const trace: string[] = [];
  let eligible = true;
  const check = (id: string, met: boolean, reason: string): void => {
    reasons.push(reason);
    trace.push(`adherence.${id}.${met ? 'met' : 'not-met'}`);
    if (!met) eligible = false;
  };

  if (fill.status === 'reversed') {
    check('paid-claim', false, 'The pharmacy claim was reversed, so there is no fill.');
  }

  if (coverage === null) {
    check('coverage', false, `The member has no coverage on the fill date ${fill.fillDate}.`);
  } else if (
    fill.fillDate < coverage.effectiveDate ||
    (coverage.terminationDate !== null && fill.fillDate > coverage.terminationDate)
  ) {
    check(
      'coverage',
      false,
      `The member's coverage is not in force on the fill date ${fill.fillDate}.`,
    );
  } else {
    const lob = LINE_OF_BUSINESS_LABELS[coverage.lineOfBusiness];
    if (
      MEDICARE_ADVANTAGE_LINES.includes(coverage.lineOfBusiness) ||
      program.excludedLinesOfBusiness.includes(coverage.lineOfBusiness)
    ) {
      check(
        'line-of-business',
        false,
        `${program.vendor.name} doesn't provide services for Medicare Advantage members (${lob}).`,
      );
    } else if (!program.eligibleLinesOfBusiness.includes(coverage.lineOfBusiness)) {
      check('line-of-business', false, `The program does not serve ${lob} members.`);
    } else if (!program.eligibleFundingTypes.includes(coverage.fundingType)) {
      check(
        'line-of-business',
        false,
        `The program does not serve ${lob} members with ${FUNDING_TYPE_LABELS[coverage.fundingType]}.`,
      );
    } else {
      check(
        'line-of-business',
        true,
        `${program.vendor.name} serves ${lob} members with ${FUNDING_TYPE_LABELS[coverage.fundingType]}.`,
      );
    }
  }

  if (program.pharmacyChannels.includes(fill.pharmacyChannel)) {
    check(
      'pharmacy-channel',
      true,
      `The prescription was filled at a ${fill.pharmacyChannel} pharmacy.`,
    );
  } else if (fill.pharmacyChannel === 'mail-order') {
    check(
      'pharmacy-channel',
      false,
      "The program doesn't apply to prescriptions filled through mail order services.",
    );
  } else {
    check(
      'pharmacy-channel',
      false,
      `The program applies to prescriptions filled at retail pharmacies; a ${fill.pharmacyChannel} pharmacy fill is not a retail fill.`,
    );
  }

  const medication = matchSelectMedication(program, fill);
  const provisional =
    program.selectMedications.status === 'provisional'
      ? ' (provisional list: confirm with Pharmacy Services, which manages the Sempre Health contract)'
      : '';
  if (medication) {
    check(
      'select-medication',
      true,
      `${fill.drugName ?? fill.ndc} is one of the program's select medications: ${medication.name}${provisional}.`,
    );
  } else {
    check(
      'select-medication',
      false,
      `${fill.drugName ?? `NDC ${fill.ndc}`} is not on the program's select medications list${provisional}.`,
    );
  }

  return {
    program: program.id,
    vendor: { id: program.vendor.id, name: program.vendor.name },
    eligible,
    reasons,
    ruleTrace: trace,
    medicationClass: medication?.id ?? null,
    policyVersion: policy.version,
  };
}
