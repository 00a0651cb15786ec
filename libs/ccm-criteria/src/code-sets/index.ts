/**
 * Code-set versions: the data is validated with zod when the module loads (a malformed spec or a
 * group without a source fails fast, at start-up, not in the middle of a monthly review) and
 * compiled once into prefix/range lookups.
 */
import { z } from 'zod';
import { CodeMatcher, type CodeSystem } from '../codes';
import type { ProcedureSystem } from '../clinical-profile';
import {
  ANTINEOPLASTIC_ENCOUNTERS_2025_1,
  IN_SITU_NEOPLASMS_2025_1,
  MALIGNANT_NEOPLASMS_2025_1,
  MODALITIES_2025_1,
} from './cancer';
import { CHRONIC_CONDITIONS_2025_1 } from './chronic-conditions';
import { chronicConditions2026 } from './chronic-conditions-2026';
import { CLINICAL_GROUPS_2025_1, CLINICAL_GROUPS_2026_1 } from './clinical-groups';
import { LAB_EVIDENCE_2026_1 } from './lab-evidence';
import { PLANNED_READMISSION_DIAGNOSES_2026_1 } from './planned-readmission';
import {
  codeSetBundleSchema,
  type CancerModality,
  type ChronicConditionDefinition,
  type ClinicalGroup,
  type CodeGroup,
  type CodeSetBundle,
  type InjuryGroup,
  type TransplantGroup,
} from './schema';
import { TRANSPLANT_2025_1 } from './transplant';
import { INJURIES_2025_1, MULTIPLE_SIGNIFICANT_TRAUMA_DRGS_2025_1 } from './trauma';

export * from './schema';
export * from './discharge-status';
export * from './ccsr-table';
export * from './planned-readmission-table';
export * from './tsv-reference';

export const CODE_SETS_2025_1: CodeSetBundle = {
  version: '2025.1',
  effectiveFrom: '2025-01-01',
  description: 'ICD-10-CM/PCS FY2025, MS-DRG v42, CPT/HCPCS 2025',
  chronicConditions: CHRONIC_CONDITIONS_2025_1,
  transplant: TRANSPLANT_2025_1,
  trauma: {
    multipleSignificantTraumaDrgs: MULTIPLE_SIGNIFICANT_TRAUMA_DRGS_2025_1,
    injuries: INJURIES_2025_1,
  },
  cancer: {
    malignant: MALIGNANT_NEOPLASMS_2025_1,
    inSitu: IN_SITU_NEOPLASMS_2025_1,
    antineoplasticEncounters: ANTINEOPLASTIC_ENCOUNTERS_2025_1,
    modalities: MODALITIES_2025_1,
  },
  clinicalGroups: CLINICAL_GROUPS_2025_1,
};

export const CODE_SETS_2026_1: CodeSetBundle = {
  ...CODE_SETS_2025_1,
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  description:
    'ICD-10-CM FY2026 chronic conditions rebuilt from CCW/CCSR, CCSR readmission groups, CMS planned readmissions, LOINC lab evidence; other sets as 2025.1',
  chronicConditions: chronicConditions2026(CHRONIC_CONDITIONS_2025_1),
  clinicalGroups: CLINICAL_GROUPS_2026_1,
  plannedReadmissionDiagnoses: PLANNED_READMISSION_DIAGNOSES_2026_1,
  labEvidence: LAB_EVIDENCE_2026_1,
};

/** A modality code's group, as the cancer criterion sees it. */
export interface ModalityRef {
  modality: CancerModality;
  groupId: string;
  label: string;
  inherentlyOncologic: boolean;
}

type ProcedureMatchers<T> = Record<ProcedureSystem, CodeMatcher<T>>;

export interface CompiledCodeSets {
  version: string;
  bundle: CodeSetBundle;
  chronicConditions: CodeMatcher<ChronicConditionDefinition>;
  transplantProcedures: ProcedureMatchers<TransplantGroup>;
  transplantDiagnoses: CodeMatcher<TransplantGroup>;
  multipleSignificantTraumaDrgs: CodeMatcher<CodeGroup>;
  injuries: CodeMatcher<InjuryGroup>;
  malignant: CodeMatcher<CodeGroup>;
  inSitu: CodeMatcher<CodeGroup>;
  antineoplasticEncounters: CodeMatcher<CodeGroup>;
  modalityProcedures: ProcedureMatchers<ModalityRef>;
  modalityDiagnoses: CodeMatcher<ModalityRef>;
  clinicalGroups: CodeMatcher<ClinicalGroup>;
  /** Empty when the version has no planned-readmission data. */
  plannedReadmissionDiagnoses: CodeMatcher<CodeGroup>;
}

function matcher<G extends CodeGroup, T = G>(
  system: CodeSystem,
  groups: readonly G[],
  value: (g: G) => T = (g) => g as unknown as T,
): CodeMatcher<T> {
  return new CodeMatcher(system, entriesOf(system, groups, value));
}

function procedureMatchers<G extends CodeGroup, T>(
  groups: readonly G[],
  value: (g: G) => T,
): ProcedureMatchers<T> {
  return {
    'CPT-HCPCS': matcher('CPT-HCPCS', groups, value),
    'ICD-10-PCS': matcher('ICD-10-PCS', groups, value),
    'MS-DRG': matcher('MS-DRG', groups, value),
  };
}

export class CodeSetValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodeSetValidationError';
  }
}

/** Validates code-set data (throws CodeSetValidationError with every issue) and compiles its lookups. */
export function compileCodeSets(data: unknown): CompiledCodeSets {
  const parsed = codeSetBundleSchema.safeParse(data);
  if (!parsed.success) {
    throw new CodeSetValidationError(`invalid code-set data: ${z.prettifyError(parsed.error)}`);
  }
  const bundle = parsed.data;
  const organs = bundle.transplant.filter((g) => g.kind === 'organ');
  const transplantAsModality = (g: TransplantGroup): ModalityRef => ({
    modality: 'transplant',
    groupId: g.id,
    label: g.label,
    inherentlyOncologic: false,
  });
  const modalityRef = (g: CodeSetBundle['cancer']['modalities'][number]): ModalityRef => ({
    modality: g.modality,
    groupId: g.id,
    label: g.label,
    inherentlyOncologic: g.inherentlyOncologic,
  });
  const modalities = bundle.cancer.modalities;
  const modalityProcedures: ProcedureMatchers<ModalityRef> = {
    'CPT-HCPCS': new CodeMatcher('CPT-HCPCS', [
      ...entriesOf('CPT-HCPCS', modalities, modalityRef),
      ...entriesOf('CPT-HCPCS', organs, transplantAsModality),
    ]),
    'ICD-10-PCS': new CodeMatcher('ICD-10-PCS', [
      ...entriesOf('ICD-10-PCS', modalities, modalityRef),
      ...entriesOf('ICD-10-PCS', organs, transplantAsModality),
    ]),
    'MS-DRG': new CodeMatcher('MS-DRG', [
      ...entriesOf('MS-DRG', modalities, modalityRef),
      ...entriesOf('MS-DRG', organs, transplantAsModality),
    ]),
  };
  return {
    version: bundle.version,
    bundle,
    chronicConditions: matcher('ICD-10-CM', bundle.chronicConditions),
    transplantProcedures: procedureMatchers(bundle.transplant, (g) => g),
    transplantDiagnoses: matcher('ICD-10-CM', bundle.transplant),
    multipleSignificantTraumaDrgs: matcher('MS-DRG', [bundle.trauma.multipleSignificantTraumaDrgs]),
    injuries: matcher('ICD-10-CM', bundle.trauma.injuries),
    malignant: matcher('ICD-10-CM', [bundle.cancer.malignant]),
    inSitu: matcher('ICD-10-CM', [bundle.cancer.inSitu]),
    antineoplasticEncounters: matcher('ICD-10-CM', [bundle.cancer.antineoplasticEncounters]),
    modalityProcedures,
    modalityDiagnoses: matcher('ICD-10-CM', modalities, modalityRef),
    clinicalGroups: matcher('ICD-10-CM', bundle.clinicalGroups),
    plannedReadmissionDiagnoses: matcher(
      'ICD-10-CM',
      bundle.plannedReadmissionDiagnoses ? [bundle.plannedReadmissionDiagnoses] : [],
    ),
  };
}

function entriesOf<G extends CodeGroup, T>(
  system: CodeSystem,
  groups: readonly G[],
  value: (g: G) => T,
) {
  return groups.flatMap((g) =>
    (g.codes[system] ?? []).map((spec) => ({
      spec,
      value: value(g),
      exclude: g.exclude?.[system],
    })),
  );
}

const compiled = new Map<string, CompiledCodeSets>();
for (const bundle of [CODE_SETS_2025_1, CODE_SETS_2026_1])
  compiled.set(bundle.version, compileCodeSets(bundle));

/** The code-set versions this build of the library carries. */
export const CODE_SET_VERSIONS: readonly string[] = [...compiled.keys()];

/** The compiled code sets of a version; throws for an unknown version. */
export function codeSetsFor(version: string): CompiledCodeSets {
  const c = compiled.get(version);
  if (!c)
    throw new RangeError(
      `unknown code-set version "${version}" (known: ${CODE_SET_VERSIONS.join(', ')})`,
    );
  return c;
}
