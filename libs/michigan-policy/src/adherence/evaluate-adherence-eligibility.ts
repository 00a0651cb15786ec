import type { AdherenceProgram, RoutingPolicy } from '../policy/schema';
import {
  FUNDING_TYPE_LABELS,
  LINE_OF_BUSINESS_LABELS,
  MEDICARE_ADVANTAGE_LINES,
  type PharmacyChannel,
} from '../reference-values';
import type { MemberCoverage } from '../routing/types';
import { normalizeNdc11, type NdcReference } from './ndc-reference';

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

/** How a fill's drug was identified, and the select-medications class it belongs to, if any. */
export interface MedicationLookup {
  match: { id: string; name: string } | null;
  method: 'ndc-reference' | 'ndc-list' | 'drug-name' | 'none';
  /** How the drug was identified, in plain language (the start of the decision's reason). */
  how: string;
}

/**
 * Identifies the fill's drug by its NDC in the drug reference file (NDC to ingredient and
 * class), or in the program's own NDC list; only when the NDC is in neither are the words of the
 * drug name matched, as a fallback the explanation names.
 */
export function identifySelectMedication(
  program: AdherenceProgram,
  fill: Pick<PrescriptionFill, 'ndc' | 'drugName'>,
  reference: NdcReference | null = null,
): MedicationLookup {
  const ndc11 = normalizeNdc11(fill.ndc);
  const entry = ndc11 === null ? undefined : reference?.byNdc.get(ndc11);
  if (reference && entry) {
    const cls = program.selectMedications.classes.find((c) =>
      c.genericNames.some((g) => g.toLowerCase() === entry.ingredient),
    );
    const sample = reference.header.sample ? ', a SAMPLE file, not an authoritative reference' : '';
    return {
      match: cls ? { id: cls.id, name: cls.name } : null,
      method: 'ndc-reference',
      how: `NDC ${entry.ndc11} is ${entry.ingredient} (${entry.drugClass}) in the drug reference file ${reference.citation}${sample}`,
    };
  }
  const digits = fill.ndc.replace(/\D/g, '');
  if (digits && program.selectMedications.ndcPrefixes.some((p) => digits.startsWith(p))) {
    return {
      match: { id: 'ndc-list', name: 'Select medications NDC list' },
      method: 'ndc-list',
      how: `NDC ${fill.ndc} is on the program's own NDC list`,
    };
  }
  const notFound = reference
    ? `NDC ${fill.ndc} is not in the drug reference file ${reference.citation}`
    : `no drug reference file is loaded to identify NDC ${fill.ndc}`;
  if (!fill.drugName)
    return { match: null, method: 'none', how: `${notFound}, and the claim has no drug name` };
  const nameWords = words(fill.drugName);
  const cls = program.selectMedications.classes.find((c) =>
    c.genericNames.some((g) => nameWords.has(g.toLowerCase())),
  );
  return {
    match: cls ? { id: cls.id, name: cls.name } : null,
    method: cls ? 'drug-name' : 'none',
    how: `${notFound}; ${cls ? 'matched by the words of the drug name' : 'the words of the drug name match no class'} "${fill.drugName}" as a fallback`,
  };
}

export function matchSelectMedication(
  program: AdherenceProgram,
  fill: Pick<PrescriptionFill, 'ndc' | 'drugName'>,
  reference: NdcReference | null = null,
): { id: string; name: string } | null {
  return identifySelectMedication(program, fill, reference).match;
}

/**
 * Whether a fill passes the program's checks that do not depend on coverage: paid, at a pharmacy
 * channel the program serves, for one of its select medications. A fill that does not can never
 * qualify, whatever the member's coverage, so its judgement needs no coverage lookup.
 */
export function fillMayQualify(
  fill: PrescriptionFill,
  policy: RoutingPolicy,
  reference: NdcReference | null = null,
): boolean {
  const program = policy.adherenceProgram;
  return (
    fill.status !== 'reversed' &&
    program.pharmacyChannels.includes(fill.pharmacyChannel) &&
    matchSelectMedication(program, fill, reference) !== null
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
  reference: NdcReference | null = null,
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

  const lookup = identifySelectMedication(program, fill, reference);
  const medication = lookup.match;
  const provisional =
    program.selectMedications.status === 'provisional'
      ? ' (provisional list: confirm with Pharmacy Services, which manages the Sempre Health contract)'
      : '';
  if (medication) {
    check(
      'select-medication',
      true,
      `${lookup.how}: one of the program's select medications, ${medication.name}${provisional}.`,
    );
  } else {
    check(
      'select-medication',
      false,
      `${lookup.how}: not on the program's select medications list${provisional}.`,
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
