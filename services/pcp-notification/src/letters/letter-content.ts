import type {
  CaseManagerContact,
  CcmCriterionId,
  CoverageSpan,
  LineOfBusiness,
  PrimaryCareProvider,
} from '@careflow/contracts';
import type { TemplateValues } from './template';

const LINE_OF_BUSINESS_LABELS: Readonly<Record<LineOfBusiness, string>> = {
  'blue-cross-commercial': 'Blue Cross commercial',
  'medicare-plus-blue': 'Medicare Plus Blue',
  'bcn-commercial': 'BCN commercial',
  'bcn-advantage': 'BCN Advantage',
};

/** The enrollment criteria in the words of the program description. */
const CRITERION_LABELS: Readonly<Record<CcmCriterionId, string>> = {
  'major-organ-transplant': 'Major organ transplant',
  'major-trauma': 'Major trauma',
  'four-or-more-chronic-conditions': 'Four or more chronic conditions',
  'three-or-more-admissions-12-months': 'Three or more admissions within a 12-month period',
  'readmission-30-days-same-condition':
    'Re-admission within 30 days with the same or similar diagnosis or condition',
  'polypharmacy-over-30-per-quarter':
    'Poly-pharmacy utilization of more than 30 prescriptions per quarter',
  'cancer-multiple-modalities': 'Cancer diagnosis requiring multiple treatment modalities',
};

export interface LetterProgram {
  readonly planName: string;
  readonly programName: string;
  readonly providerServicesPhone: string;
  /** The plan's address on the letterhead. */
  readonly planAddress: string;
  /** PLAN_TIME_ZONE: the letter is dated with the plan's calendar date. */
  readonly timeZone: string;
}

/**
 * What the service knows about the member: the member id, name and birth date (from eligibility's
 * member-coverage events, so the PCP can recognise the patient), the case and what the coverage
 * read model holds (line of business, group, coverage start).
 */
export interface LetterFacts {
  readonly program: LetterProgram;
  readonly date: Date;
  readonly memberId: string;
  readonly member: { readonly name: string; readonly birthDate: string } | null;
  readonly caseId: string;
  readonly criteriaMet: readonly CcmCriterionId[];
  readonly pcp: PrimaryCareProvider;
  readonly coverage: CoverageSpan | null;
  readonly caseManager: CaseManagerContact | null;
  readonly update?: {
    readonly summary: string;
    readonly recordedAt: string;
    readonly recordedBy: string;
    readonly conditionChanged: boolean;
  };
}

/** One formatter per zone, built once: `toLocaleDateString` builds one on every call (costly). */
const LETTER_DATES = new Map<string, Intl.DateTimeFormat>();

/** The letter's date as the plan's calendar shows it (`timeZone` is PLAN_TIME_ZONE). */
export function formatLetterDate(date: Date, timeZone = 'UTC'): string {
  let format = LETTER_DATES.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone,
    });
    LETTER_DATES.set(timeZone, format);
  }
  return format.format(date);
}

function addressLine(pcp: PrimaryCareProvider): string | null {
  const a = pcp.address;
  if (!a) return null;
  return [a.line1, a.line2, `${a.city}, ${a.state} ${a.postalCode}`].filter(Boolean).join(', ');
}

export function letterValues(facts: LetterFacts): TemplateValues {
  const cm = facts.caseManager;
  return {
    date: formatLetterDate(facts.date, facts.program.timeZone),
    'plan.name': facts.program.planName,
    'plan.address': facts.program.planAddress,
    'program.name': facts.program.programName,
    'providerServices.phone': facts.program.providerServicesPhone,
    'pcp.name': facts.pcp.name,
    'pcp.npi': facts.pcp.npi,
    'pcp.address': addressLine(facts.pcp),
    'pcp.phone': facts.pcp.phone,
    'pcp.fax': facts.pcp.fax,
    'member.id': facts.memberId,
    'member.name': facts.member?.name ?? null,
    'member.birthDate': facts.member?.birthDate ?? null,
    'member.plan': facts.coverage ? LINE_OF_BUSINESS_LABELS[facts.coverage.lineOfBusiness] : null,
    'member.group': facts.coverage?.group?.name ?? (facts.coverage ? 'Individual coverage' : null),
    'member.coveredSince': facts.coverage?.effectiveDate ?? null,
    'case.id': facts.caseId,
    'case.criteria': facts.criteriaMet.map((c) => CRITERION_LABELS[c]).join('; ') || null,
    'caseManager.name': cm?.name ?? null,
    'caseManager.phone': cm?.phone ?? null,
    'caseManager.email': cm?.email ?? null,
    'update.summary': facts.update?.summary ?? null,
    'update.recordedAt': facts.update
      ? `${facts.update.recordedAt.slice(0, 16).replace('T', ' ')} UTC`
      : null,
    'update.recordedBy': facts.update?.recordedBy ?? null,
    'update.conditionChanged': facts.update
      ? facts.update.conditionChanged
        ? "The member's condition has changed; the case manager will also call you about it."
        : 'No change in condition was reported.'
      : null,
  };
}

/** LetterFacts as recorded with the notification (JSON: the letter's date as an ISO instant). */
export type StoredLetterFacts = Omit<LetterFacts, 'date'> & { readonly date: string };

export const toStoredLetterFacts = (facts: LetterFacts): StoredLetterFacts => ({
  ...facts,
  date: facts.date.toISOString(),
});

export const fromStoredLetterFacts = (stored: StoredLetterFacts): LetterFacts => ({
  ...stored,
  date: new Date(stored.date),
});
