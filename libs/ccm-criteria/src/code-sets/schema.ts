/**
 * The shape of code-set data, validated with zod when a code-set version is loaded: every spec
 * must parse for its code system, ids must be unique, every group must cite at least one source.
 */
import { z } from 'zod';
import { CODE_SYSTEMS, parseSpec, type CodeSystem } from '../codes';
import { isIsoDate } from '../dates';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case slug');

export const codeSourceSchema = z.strictObject({
  /** The reference the codes were taken from, e.g. `CMS Chronic Conditions Warehouse (CCW)`. */
  reference: z.string().min(3),
  /** Which part of it: the condition algorithm, table, MS-DRG title … */
  detail: z.string().min(3),
  url: z.url().optional(),
});
export type CodeSource = z.infer<typeof codeSourceSchema>;

const specList = (system: CodeSystem) =>
  z
    .array(z.string().min(1))
    .min(1)
    .superRefine((specs, ctx) => {
      for (const spec of specs) {
        try {
          parseSpec(spec, system);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
        }
      }
    });

export const codeMapSchema = z
  .strictObject({
    'ICD-10-CM': specList('ICD-10-CM').optional(),
    'ICD-10-PCS': specList('ICD-10-PCS').optional(),
    'CPT-HCPCS': specList('CPT-HCPCS').optional(),
    'MS-DRG': specList('MS-DRG').optional(),
  })
  .refine((m) => CODE_SYSTEMS.some((s) => (m[s]?.length ?? 0) > 0), 'at least one code');
export type CodeMap = z.infer<typeof codeMapSchema>;

export const codeGroupSchema = z.strictObject({
  id: slug,
  label: z.string().min(2),
  codes: codeMapSchema,
  /** Specs inside `codes` that do not count (diagnostic biopsies inside a surgery range …). */
  exclude: codeMapSchema.optional(),
  sources: z.array(codeSourceSchema).min(1),
  note: z.string().optional(),
});
export type CodeGroup = z.infer<typeof codeGroupSchema>;

export const chronicConditionSchema = codeGroupSchema.extend({
  /** The heading the source document lists the condition under (`Pulmonary:`, `Cardiac:`), if any. */
  heading: z.enum(['pulmonary', 'cardiac']).nullable(),
});
export type ChronicConditionDefinition = z.infer<typeof chronicConditionSchema>;

export const transplantGroupSchema = codeGroupSchema.extend({
  /** ICD-10-CM codes of a transplant group are status/complication codes (Z94.x, T86.x), not procedures. */
  kind: z.enum(['organ', 'awaiting']),
});
export type TransplantGroup = z.infer<typeof transplantGroupSchema>;

export const injuryGroupSchema = codeGroupSchema.extend({
  /** `major`: one such injury on an inpatient stay is major trauma; `significant`: counts toward multiple body regions. */
  tier: z.enum(['major', 'significant']),
  /** ICD-10-CM injury codes need the 7th character A, B or C (initial encounter); burns T31/T32 have none. */
  requiresInitialEncounter: z.boolean(),
});
export type InjuryGroup = z.infer<typeof injuryGroupSchema>;

export const CANCER_MODALITIES = [
  'surgery',
  'chemotherapy-immunotherapy',
  'radiation',
  'transplant',
  'car-t',
] as const;
export type CancerModality = (typeof CANCER_MODALITIES)[number];

export const modalityGroupSchema = codeGroupSchema.extend({
  modality: z.enum(CANCER_MODALITIES),
  /**
   * True when the code itself says the service is cancer treatment (Z51.11, CAR-T products …);
   * false when it only counts on a record whose principal diagnosis is cancer (J9xxx drugs are
   * also given for lupus or RA; a surgical code is cancer surgery only for a cancer diagnosis).
   */
  inherentlyOncologic: z.boolean(),
});
export type ModalityGroup = z.infer<typeof modalityGroupSchema>;

export const clinicalGroupSchema = codeGroupSchema.extend({
  /** The AHRQ CCSR category (or categories) the group follows. */
  ccsr: z.array(z.string().regex(/^[A-Z]{3}\d{3}$/)).min(1),
});
export type ClinicalGroup = z.infer<typeof clinicalGroupSchema>;

const loincCode = z.string().regex(/^\d{1,7}-\d$/, 'a LOINC code like 4548-4');

export const labTestSchema = z.strictObject({
  id: slug,
  label: z.string().min(2),
  loinc: z.array(loincCode).min(1),
  /** `at-least`: value >= threshold; `below`: value < threshold; `detected`: a value above it or a positive text. */
  comparison: z.enum(['at-least', 'below', 'detected']),
  threshold: z.number(),
  /** The UCUM unit the threshold is in; a result without a unit is read in it (LOINC fixes the scale). */
  unit: z.string().min(1),
  /** Other units accepted, converted as value × multiply + add. */
  conversions: z.array(
    z.strictObject({ unit: z.string().min(1), multiply: z.number(), add: z.number() }),
  ),
});
export type LabTest = z.infer<typeof labTestSchema>;

export const labConditionRuleSchema = z.strictObject({
  conditionId: slug,
  /** Qualifying results (of any of the tests) needed before the lab establishes the condition. */
  minResults: z.int().min(1).max(5),
  /** Days between the first and last qualifying result (chronicity, KDIGO: more than 3 months). */
  minDaysApart: z.int().min(0).max(365),
  tests: z.array(labTestSchema).min(1),
  sources: z.array(codeSourceSchema).min(1),
});
export type LabConditionRule = z.infer<typeof labConditionRuleSchema>;

function uniqueIds(groups: ReadonlyArray<{ id: string }>, ctx: z.RefinementCtx, where: string) {
  const seen = new Set<string>();
  for (const g of groups) {
    if (seen.has(g.id))
      ctx.addIssue({ code: 'custom', message: `duplicate id "${g.id}" in ${where}` });
    seen.add(g.id);
  }
}

export const codeSetBundleSchema = z
  .strictObject({
    version: z.string().regex(/^\d{4}\.\d+$/, 'a version like 2025.1'),
    effectiveFrom: z.string().refine(isIsoDate, 'a date YYYY-MM-DD'),
    description: z.string().min(3),
    chronicConditions: z.array(chronicConditionSchema).min(1),
    transplant: z.array(transplantGroupSchema).min(1),
    trauma: z.strictObject({
      multipleSignificantTraumaDrgs: codeGroupSchema,
      injuries: z.array(injuryGroupSchema).min(1),
    }),
    cancer: z.strictObject({
      malignant: codeGroupSchema,
      inSitu: codeGroupSchema,
      /** Z51.0 / Z51.1x: a record whose principal diagnosis is one of these is cancer treatment. */
      antineoplasticEncounters: codeGroupSchema,
      modalities: z.array(modalityGroupSchema).min(1),
    }),
    clinicalGroups: z.array(clinicalGroupSchema).min(1),
    /** CMS Planned Readmission Algorithm: principal diagnoses of an always-planned readmission. */
    plannedReadmissionDiagnoses: codeGroupSchema.optional(),
    labEvidence: z.array(labConditionRuleSchema).optional(),
  })
  .superRefine((b, ctx) => {
    uniqueIds(b.chronicConditions, ctx, 'chronicConditions');
    uniqueIds(b.transplant, ctx, 'transplant');
    uniqueIds(b.trauma.injuries, ctx, 'trauma.injuries');
    uniqueIds(b.cancer.modalities, ctx, 'cancer.modalities');
    uniqueIds(b.clinicalGroups, ctx, 'clinicalGroups');
    for (const c of b.chronicConditions) {
      if (CODE_SYSTEMS.some((s) => s !== 'ICD-10-CM' && c.codes[s])) {
        ctx.addIssue({
          code: 'custom',
          message: `chronic condition "${c.id}" may only list ICD-10-CM codes`,
        });
      }
    }
    for (const rule of b.labEvidence ?? []) {
      if (!b.chronicConditions.some((c) => c.id === rule.conditionId)) {
        ctx.addIssue({
          code: 'custom',
          message: `lab evidence names unknown chronic condition "${rule.conditionId}"`,
        });
      }
    }
    for (const g of b.trauma.injuries) {
      if (!g.codes['ICD-10-CM'] || CODE_SYSTEMS.some((s) => s !== 'ICD-10-CM' && g.codes[s])) {
        ctx.addIssue({
          code: 'custom',
          message: `injury group "${g.id}" must list ICD-10-CM codes only`,
        });
      }
    }
  });
export type CodeSetBundle = z.infer<typeof codeSetBundleSchema>;
