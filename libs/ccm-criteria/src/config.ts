/**
 * Versioned criteria configuration (`ccm-criteria-2025.1`): thresholds, look-backs, boundary
 * rules and the code-set version, with effective dates. Validated with zod on load; the version id
 * is the `policyVersion` of every evaluation made with it.
 */
import { z } from 'zod';
import { CODE_SET_VERSIONS } from './code-sets';
import {
  addDays,
  addMonths,
  assertIsoDate,
  calendarQuarter,
  isIsoDate,
  type IsoDate,
  compareStrings,
} from './dates';

const isoDate = z.string().refine(isIsoDate, 'a calendar date YYYY-MM-DD');
const months = z.int().min(1).max(120);

/**
 * `icd10-category`: the same 3-character category. `clinical-group`: the curated groups of
 * `code-sets/clinical-groups.ts` (2025.1, 2026.1). `ccsr-category`: a shared AHRQ CCSR category,
 * any of each code's categories (DXCCSR table); `ccsr-default-category`: the same inpatient default
 * CCSR category. Under both CCSR rules a code absent from the table is compared by its
 * 3-character category, and the evidence says so.
 */
export const SIMILARITY_RULES = [
  'icd10-category',
  'clinical-group',
  'ccsr-category',
  'ccsr-default-category',
] as const;
export type SimilarityRule = (typeof SIMILARITY_RULES)[number];

export const criteriaConfigSchema = z
  .strictObject({
    version: z.string().regex(/^ccm-criteria-\d{4}\.\d+$/, 'a version like ccm-criteria-2025.1'),
    /** First day the version applies (inclusive). */
    effectiveFrom: isoDate,
    /** First day it no longer applies (exclusive), or null while current. */
    effectiveTo: isoDate.nullable(),
    codeSetVersion: z
      .string()
      .refine((v) => CODE_SET_VERSIONS.includes(v), 'a known code-set version'),
    inpatient: z.strictObject({
      /**
       * A stay admitted on the day of, or within this many days after, the previous discharge
       * continues the same episode (a transfer, HEDIS "direct transfer": 1).
       */
      transferMaxGapDays: z.int().min(0).max(3),
      /**
       * `adjacent-days`: every stay within the gap is a transfer (2025.1). `discharge-disposition`:
       * only when the previous stay's UB-04 discharge status is an acute-care transfer.
       */
      transferIdentification: z.enum(['adjacent-days', 'discharge-disposition']),
      /**
       * Under `discharge-disposition`, a stay within the gap after one with no status known (older
       * claims, ADT without PV1-36): `transfer` (2026.1, the CMS date-adjacency reading, may hide
       * readmissions), `readmission` (may count a transfer), or `transfer-if-other-facility` (from
       * 2027.1: a transfer is to another hospital, so the same facility re-admitting the next day
       * is a readmission; an unknown facility is not assumed to differ).
       */
      unknownDisposition: z.enum(['transfer', 'readmission', 'transfer-if-other-facility']),
    }),
    majorOrganTransplant: z.strictObject({
      lookbackMonths: months,
      /** Z94.x status / T86.x complication codes show a transplant done before the look-back. */
      countStatusDiagnoses: z.boolean(),
      /** Z76.82 awaiting organ transplant. */
      countAwaitingTransplant: z.boolean(),
    }),
    majorTrauma: z.strictObject({ lookbackMonths: months }),
    chronicConditions: z.strictObject({
      lookbackMonths: months,
      minConditions: z.int().min(1),
      /** `per-condition`: COPD and asthma are two; `per-heading`: all pulmonary conditions are one. */
      counting: z.enum(['per-condition', 'per-heading']),
    }),
    admissions: z.strictObject({ lookbackMonths: months, minAdmissions: z.int().min(2) }),
    readmission: z.strictObject({
      /** The readmission's admission date must be within this look-back. */
      lookbackMonths: months,
      /** Days from the prior discharge to the next admission, inclusive. */
      maxDaysAfterDischarge: z.int().min(1).max(365),
      /** Tried in order; the first that matches is recorded as the rule that fired. */
      similarity: z.array(z.enum(SIMILARITY_RULES)).min(1),
      /**
       * `previous-episode`: each admission is compared with the episode just before it (2025.1);
       * `every-discharge-in-window`: with every discharge in the days before it.
       */
      indexDischarges: z.enum(['previous-episode', 'every-discharge-in-window']),
      /** CMS Planned Readmission Algorithm: an always-planned readmission does not count. */
      excludePlanned: z.boolean(),
      /**
       * Which planned readmissions `excludePlanned` leaves out. `always-planned` (2025.1, 2026.1):
       * PR.1 transplants (transplant code set) and PR.2 Z51.11, Z51.12, Z51.89. `cms-pra-v4`
       * (2027.1): the CMS tables PR.1–PR.4 (`planned-readmission-table.ts`), including a
       * potentially planned procedure (PR.3) without an acute principal diagnosis (PR.4).
       */
      plannedRule: z.enum(['always-planned', 'cms-pra-v4']).default('always-planned'),
    }),
    polypharmacy: z.strictObject({
      /** Met when the paid fills of a quarter are strictly more than this. */
      moreThanPrescriptions: z.int().min(1),
      /** Quarters before the one containing asOf that are looked at too. */
      previousQuarters: z.int().min(0).max(8),
    }),
    cancer: z.strictObject({
      lookbackMonths: months,
      minModalities: z.int().min(2).max(5),
      includeInSitu: z.boolean(),
      /** Where a non-inherent modality code needs the cancer diagnosis on its own record. */
      modalityRecordDiagnosis: z.enum(['principal', 'any']),
    }),
    labEvidence: z.strictObject({
      /** A laboratory result rule of the code set (HbA1c, eGFR, HIV-1 RNA) establishes its condition. */
      enabled: z.boolean(),
    }),
    mtm: z.strictObject({
      /**
       * An MTM comprehensive medication review counts toward polypharmacy: its medication count
       * times this many 30-day fills per medication per quarter (3: 90 days / 30); 0 turns it off.
       */
      fillsPerMedicationPerQuarter: z.int().min(0).max(3),
    }),
  })
  .refine(
    (c) => c.effectiveTo === null || c.effectiveTo > c.effectiveFrom,
    'effectiveTo after effectiveFrom',
  );

export type CcmCriteriaConfig = z.infer<typeof criteriaConfigSchema>;

export class CriteriaConfigValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CriteriaConfigValidationError';
  }
}

/** Validates one criteria version (from code, a file or a database row). */
export function loadCriteriaConfig(data: unknown): CcmCriteriaConfig {
  const parsed = criteriaConfigSchema.safeParse(data);
  if (!parsed.success) {
    throw new CriteriaConfigValidationError(
      `invalid CCM criteria config: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** Validates a set of versions: each valid, ids unique, effective periods not overlapping. */
export function loadCriteriaVersions(data: readonly unknown[]): CcmCriteriaConfig[] {
  const versions = data
    .map(loadCriteriaConfig)
    .sort((a, b) => compareStrings(a.effectiveFrom, b.effectiveFrom));
  const ids = new Set<string>();
  for (const v of versions) {
    if (ids.has(v.version))
      throw new CriteriaConfigValidationError(`duplicate criteria version ${v.version}`);
    ids.add(v.version);
  }
  versions.forEach((v, i) => {
    const next = versions[i + 1];
    if (next && (v.effectiveTo === null || v.effectiveTo > next.effectiveFrom)) {
      throw new CriteriaConfigValidationError(
        `criteria versions ${v.version} and ${next.version} overlap`,
      );
    }
  });
  return versions;
}

export const CCM_CRITERIA_2025_1: CcmCriteriaConfig = {
  version: 'ccm-criteria-2025.1',
  effectiveFrom: '2025-01-01',
  effectiveTo: '2026-01-01',
  codeSetVersion: '2025.1',
  inpatient: {
    transferMaxGapDays: 1,
    transferIdentification: 'adjacent-days',
    unknownDisposition: 'transfer',
  },
  majorOrganTransplant: {
    lookbackMonths: 24,
    countStatusDiagnoses: true,
    countAwaitingTransplant: false,
  },
  majorTrauma: { lookbackMonths: 12 },
  chronicConditions: { lookbackMonths: 24, minConditions: 4, counting: 'per-condition' },
  admissions: { lookbackMonths: 12, minAdmissions: 3 },
  readmission: {
    lookbackMonths: 12,
    maxDaysAfterDischarge: 30,
    similarity: ['icd10-category'],
    indexDischarges: 'previous-episode',
    excludePlanned: false,
    plannedRule: 'always-planned',
  },
  polypharmacy: { moreThanPrescriptions: 30, previousQuarters: 1 },
  cancer: {
    lookbackMonths: 12,
    minModalities: 2,
    includeInSitu: false,
    modalityRecordDiagnosis: 'principal',
  },
  labEvidence: { enabled: false },
  mtm: { fillsPerMedicationPerQuarter: 0 },
};

/**
 * 2026.1: transfers by UB-04 discharge status, each admission compared with every discharge of the
 * 30 days before it, "similar" by AHRQ CCSR groups, planned readmissions (CMS) left out, chronic
 * conditions rebuilt from CCW/CCSR (code set 2026.1), laboratory results and MTM reviews read.
 */
export const CCM_CRITERIA_2026_1: CcmCriteriaConfig = {
  ...CCM_CRITERIA_2025_1,
  version: 'ccm-criteria-2026.1',
  effectiveFrom: '2026-01-01',
  effectiveTo: '2027-01-01',
  codeSetVersion: '2026.1',
  inpatient: {
    transferMaxGapDays: 1,
    transferIdentification: 'discharge-disposition',
    unknownDisposition: 'transfer',
  },
  readmission: {
    lookbackMonths: 12,
    maxDaysAfterDischarge: 30,
    similarity: ['icd10-category', 'clinical-group'],
    indexDischarges: 'every-discharge-in-window',
    excludePlanned: true,
    plannedRule: 'always-planned',
  },
  labEvidence: { enabled: true },
  mtm: { fillsPerMedicationPerQuarter: 3 },
};

/**
 * 2027.1 (plan year 2027): a same- or next-day admission after a stay with no discharge status is
 * a transfer only when it is at another known facility (`transfer-if-other-facility`), and "same or
 * similar diagnosis" is a shared AHRQ CCSR category of the full DXCCSR table (`ccsr-category`)
 * instead of the 3-character category or the curated clinical groups, and planned readmissions
 * by the CMS Planned Readmission Algorithm v4.0 tables PR.1–PR.4 (`cms-pra-v4`); the rest as 2026.1. A new
 * version rather than a change of 2026.1, so a version id means one rule set (2027.1 takes effect
 * on 2027-01-01, so no evaluation was made with it before these rules).
 */
export const CCM_CRITERIA_2027_1: CcmCriteriaConfig = {
  ...CCM_CRITERIA_2026_1,
  version: 'ccm-criteria-2027.1',
  effectiveFrom: '2027-01-01',
  effectiveTo: null,
  inpatient: { ...CCM_CRITERIA_2026_1.inpatient, unknownDisposition: 'transfer-if-other-facility' },
  readmission: {
    ...CCM_CRITERIA_2026_1.readmission,
    similarity: ['ccsr-category'],
    plannedRule: 'cms-pra-v4',
  },
};

/** Every criteria version, validated at load, oldest first. */
export const CRITERIA_VERSIONS: readonly CcmCriteriaConfig[] = Object.freeze(
  loadCriteriaVersions([CCM_CRITERIA_2025_1, CCM_CRITERIA_2026_1, CCM_CRITERIA_2027_1]),
);

/** The version with this id; throws for an unknown one. */
export function criteriaVersion(id: string): CcmCriteriaConfig {
  const v = CRITERIA_VERSIONS.find((c) => c.version === id);
  if (!v) throw new RangeError(`unknown CCM criteria version "${id}"`);
  return v;
}

/** The version in effect on `date` (effectiveFrom <= date < effectiveTo); throws when none is. */
export function criteriaVersionInEffect(
  date: IsoDate,
  versions: readonly CcmCriteriaConfig[] = CRITERIA_VERSIONS,
): CcmCriteriaConfig {
  assertIsoDate(date, 'date');
  const v = versions.find(
    (c) => c.effectiveFrom <= date && (c.effectiveTo === null || date < c.effectiveTo),
  );
  if (!v) throw new RangeError(`no CCM criteria version is in effect on ${date}`);
  return v;
}

/**
 * The oldest date a criteria version can read as of `asOf`: a profile pruned to it
 * (`pruneClinicalProfile`) evaluates the same. Includes the index stay of a readmission at the
 * start of the look-back and the oldest polypharmacy quarter.
 */
export function profileRetentionStart(asOf: IsoDate, config: CcmCriteriaConfig): IsoDate {
  assertIsoDate(asOf, 'asOf');
  const starts = [
    addMonths(asOf, -config.majorOrganTransplant.lookbackMonths),
    addMonths(asOf, -config.majorTrauma.lookbackMonths),
    addMonths(asOf, -config.chronicConditions.lookbackMonths),
    addMonths(asOf, -config.admissions.lookbackMonths),
    addDays(
      addMonths(asOf, -config.readmission.lookbackMonths),
      -(config.readmission.maxDaysAfterDischarge + config.inpatient.transferMaxGapDays),
    ),
    addMonths(asOf, -config.cancer.lookbackMonths),
    calendarQuarter(asOf, -config.polypharmacy.previousQuarters).from,
  ];
  return starts.reduce((min, d) => (d < min ? d : min));
}
