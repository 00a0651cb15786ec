import { DRUG_CATEGORY_LABELS, type DrugCategory } from '../reference-values';
import { CATEGORY_HINT_ALIASES } from './category-hints';
import { builtInHcpcsReference, isCancerDiagnosis, type HcpcsReference } from './hcpcs-reference';

export interface DrugToClassify {
  code: string;
  codeSystem: 'HCPCS' | 'NDC';
  name?: string | null;
  categoryHint?: string | null;
}

/**
 * How the class was found: the reference's code rows and ranges, the request's diagnoses (for a
 * dual-use drug), the drug's name (a biosimilar code newer than the reference), the request's
 * category hint, or not at all.
 */
export type ClassificationMethod =
  'code-list' | 'diagnosis' | 'drug-name' | 'category-hint' | 'unknown';

export interface DrugClassification {
  /** null when the drug could not be classified (method `unknown`). */
  category: DrugCategory | null;
  method: ClassificationMethod;
  /** Id of the reference row, range or hint that classified the drug (for the rule trace). */
  matchedBy: string;
  /** Plain-language explanation, used as a reason of the routing decision. */
  explanation: string;
  source: string;
}

const HCPCS_FORMAT = /^[A-V]\d{4}$/;
const hintToCategory = new Map<string, DrugCategory>();
for (const [category, aliases] of Object.entries(CATEGORY_HINT_ALIASES) as [
  DrugCategory,
  readonly string[],
][]) {
  for (const alias of aliases) hintToCategory.set(alias, category);
}

export function normalizeHcpcs(code: string): string {
  return code.trim().toUpperCase();
}

/** Lower case; spaces, underscores and slashes become dashes. */
export function normalizeCategoryHint(hint: string): string {
  return hint
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-')
    .replace(/-+/g, '-');
}

export function categoryFromHint(hint: string | null | undefined): DrugCategory | null {
  if (!hint) return null;
  return hintToCategory.get(normalizeCategoryHint(hint)) ?? null;
}

const HINT_SOURCE = 'PA request drug.categoryHint (pa.requests.v1), as stated by the requester';

/**
 * The request's category hint where the reference cannot classify the drug. Hints not trusted
 * (the policy's `categoryHints`, default): no class, and the explanation says what is missing and
 * that the hint was not used. Trusted: the hint's class with a caveat that nothing checked it.
 */
function fromHint(
  hint: string | null | undefined,
  why: string,
  missing: string,
  unclassified: { matchedBy: string; source: string },
  trustHint: boolean,
  allowed?: readonly DrugCategory[],
): DrugClassification {
  const category = categoryFromHint(hint);
  const usable = category !== null && (allowed === undefined || allowed.includes(category));
  if (usable && trustHint) {
    return {
      category,
      method: 'category-hint',
      matchedBy: `hint.${category}`,
      explanation: `${why} Caveat: the request's category hint "${hint ?? ''}" is the requester's statement, not checked against a code list; the policy trusts hints (categoryHints: trusted), so it classifies the drug as a ${DRUG_CATEGORY_LABELS[category]}.`,
      source: HINT_SOURCE,
    };
  }
  const hintText = !hint
    ? ' The request has no category hint.'
    : usable
      ? ` The request's category hint "${hint}" was not used: a hint is the requester's statement, and the policy does not trust hints to classify a drug (categoryHints: not-trusted).`
      : ` The request's category hint "${hint}" names no usable class.`;
  return {
    category: null,
    method: 'unknown',
    matchedBy: unclassified.matchedBy,
    explanation: `${why}${hintText} Missing: ${missing}.`,
    source: unclassified.source,
  };
}

function hintNote(hint: string | null | undefined, category: DrugCategory): string {
  const hinted = categoryFromHint(hint);
  return hinted !== null && hinted !== category
    ? ` The request's category hint "${hint ?? ''}" was not used: the code list decides.`
    : '';
}

/** The request's context a classification may use. */
export interface ClassificationContext {
  /** The request's ICD-10-CM diagnosis codes (principal first), if any. */
  diagnosisCodes?: readonly string[] | null;
  /** The drug class reference (default: the one shipped with the library). */
  reference?: HcpcsReference;
  /**
   * Whether the request's category hint may classify a drug the reference cannot (the policy's
   * `categoryHints`). Default false: such a drug stays unclassified (manual review).
   */
  trustCategoryHint?: boolean;
}

/**
 * Classifies a drug as medical oncology, supportive care, CAR-T or other from the HCPCS drug
 * class reference: code rows, then dual-use codes (the request's diagnoses decide), biosimilars
 * (by their reference product), not-otherwise-classified codes, published ranges (J9000–J9999),
 * and a biosimilar code newer than the reference (by the drug's name). What none of these
 * classify stays unclassified (`unknown`, manual review) with a reason naming what is missing: a
 * valid code is never assumed to be "other", and the request's category hint classifies only
 * when the policy trusts hints (`trustCategoryHint`), with a caveat.
 */
export function classifyDrug(
  drug: DrugToClassify,
  context: ClassificationContext = {},
): DrugClassification {
  const reference = context.reference ?? builtInHcpcsReference();
  const src = `${reference.header.source} [${reference.citation}]`;
  const trust = context.trustCategoryHint ?? false;
  const hinted = (why: string, missing: string, matchedBy: string): DrugClassification =>
    fromHint(drug.categoryHint, why, missing, { matchedBy, source: src }, trust);
  if (drug.codeSystem === 'NDC') {
    return hinted(
      `NDC ${drug.code} does not identify a drug's class by itself (the drug class reference is keyed by HCPCS).`,
      "the drug's HCPCS code, or a pharmacist's classification in manual review",
      'ndc.no-hint',
    );
  }
  const code = normalizeHcpcs(drug.code);
  if (!HCPCS_FORMAT.test(code)) {
    return hinted(
      `"${drug.code}" is not a valid HCPCS Level II code (a letter A–V and four digits).`,
      "a valid HCPCS code, or a pharmacist's classification in manual review",
      'hcpcs.invalid',
    );
  }
  const listed = (category: DrugCategory, what: string, source = src): DrugClassification => ({
    category,
    method: 'code-list',
    matchedBy: `hcpcs.${code}`,
    explanation: `HCPCS ${code} (${what}) is a ${DRUG_CATEGORY_LABELS[category]}.${hintNote(drug.categoryHint, category)}`,
    source,
  });
  const entry = reference.codes.get(code);
  if (entry)
    return listed(entry.category, `${entry.name}, ${entry.drugClass}`, entry.source ?? src);

  const dual = reference.dualUse.get(code);
  if (dual) {
    return byDiagnosis(
      drug,
      code,
      `HCPCS ${code} (${dual.name}, ${dual.drugClass}) serves both cancer care and other uses (${dual.otherUses})`,
      dual.oncologyCategory,
      context.diagnosisCodes,
      reference,
      src,
      trust,
    );
  }

  const biosimilar = reference.biosimilars.get(code);
  const product = biosimilar && reference.referenceProducts.get(biosimilar.referenceProduct);
  if (biosimilar && product) {
    const what = `${biosimilar.name}, a biosimilar of ${product.brand} (${product.name}), ${product.drugClass}`;
    if (product.otherUses === undefined) return listed(product.category, what);
    return byDiagnosis(
      drug,
      code,
      `HCPCS ${code} (${what}) serves both cancer care and other uses (${product.otherUses})`,
      product.category,
      context.diagnosisCodes,
      reference,
      src,
      trust,
    );
  }

  const noc = reference.noc.get(code);
  if (noc) {
    return hinted(
      `HCPCS ${code} (${noc.name}) is a not-otherwise-classified code: the code alone does not identify the drug, so it cannot be classified.`,
      "the drug's own HCPCS code once assigned, or a pharmacist's classification in manual review",
      `hcpcs.noc.${code}`,
    );
  }

  for (const range of reference.ranges) {
    if (code >= range.from && code <= range.to) {
      return {
        category: range.category,
        method: 'code-list',
        matchedBy: range.id,
        explanation: `HCPCS ${code} is in ${range.title}, so it is a ${DRUG_CATEGORY_LABELS[range.category]}.${hintNote(drug.categoryHint, range.category)}`,
        source: `${range.source} [${reference.citation}]`,
      };
    }
  }

  const biosimilarRange = reference.biosimilarRanges.find((r) => code >= r.from && code <= r.to);
  if (biosimilarRange) {
    const byName = biosimilarByName(drug, code, biosimilarRange.title, context, reference, src);
    if (byName) return byName;
    return hinted(
      `HCPCS ${code} is in ${biosimilarRange.title} but not in the drug class reference ${reference.citation}, and the request's drug name does not name a known reference product. A biosimilar takes its reference product's class; without it the drug cannot be classified.`,
      "the biosimilar's row in a newer drug class reference (or its FDA nonproprietary name in the request), or a pharmacist's classification in manual review",
      `hcpcs.biosimilar-unknown.${code}`,
    );
  }

  return hinted(
    `HCPCS ${code} is not in the drug class reference ${reference.citation} (codes are added every quarter). Its class (medical oncology, supportive care, CAR-T or other) cannot be determined from the code, so it is not assumed.`,
    "the code's row in a newer drug class reference, or a pharmacist's classification in manual review",
    `hcpcs.not-in-reference.${code}`,
  );
}

/** A dual-use drug: a cancer diagnosis makes it oncology (or supportive care), others "other". */
function byDiagnosis(
  drug: DrugToClassify,
  code: string,
  why: string,
  oncologyCategory: DrugCategory,
  diagnosisCodes: readonly string[] | null | undefined,
  reference: HcpcsReference,
  source: string,
  trustHint: boolean,
): DrugClassification {
  const codes = (diagnosisCodes ?? []).filter((c) => c.trim() !== '');
  if (codes.length === 0) {
    return fromHint(
      drug.categoryHint,
      `${why}; the request has no diagnosis codes, and its class depends on them, so the drug cannot be classified.`,
      "the request's ICD-10-CM diagnosis codes (a cancer diagnosis makes it oncology care)",
      { matchedBy: `dual-use.${code}.no-diagnosis`, source },
      trustHint,
      [oncologyCategory, 'other'],
    );
  }
  const cancer = codes.filter((c) => isCancerDiagnosis(reference, c));
  const diagnosisSource = `${source}; cancer diagnoses: ${reference.cancerDiagnoses.map((d) => d.title).join('; ')}`;
  if (cancer.length > 0) {
    return {
      category: oncologyCategory,
      method: 'diagnosis',
      matchedBy: `dual-use.${code}.cancer-diagnosis`,
      explanation: `${why}; the request's diagnoses include a cancer diagnosis (${cancer.join(', ')}), so it is a ${DRUG_CATEGORY_LABELS[oncologyCategory]}.`,
      source: diagnosisSource,
    };
  }
  return {
    category: 'other',
    method: 'diagnosis',
    matchedBy: `dual-use.${code}.no-cancer-diagnosis`,
    explanation: `${why}; none of the request's ${codes.length} diagnosis code(s) is a cancer diagnosis, so it is a ${DRUG_CATEGORY_LABELS.other}.`,
    source: diagnosisSource,
  };
}

/**
 * A biosimilar code newer than the reference: the FDA nonproprietary name in the request
 * (`<core>-<suffix>`) names the reference product. A fallback, and the explanation says so.
 */
function biosimilarByName(
  drug: DrugToClassify,
  code: string,
  title: string,
  context: ClassificationContext,
  reference: HcpcsReference,
  source: string,
): DrugClassification | null {
  const name = (drug.name ?? '').toLowerCase();
  for (const product of reference.referenceProducts.values()) {
    // FDA biosimilar naming: the core name, a dash, a four-letter suffix (filgrastim-sndz).
    const match = new RegExp(`\\b${product.name.replace(/[^a-z0-9 ]/g, '')}-[a-z]{4}\\b`).exec(
      name,
    );
    if (!match) continue;
    const why = `HCPCS ${code} is in ${title} but not in the drug class reference ${reference.citation}; by the request's drug name "${match[0]}" (a fallback: the name is the requester's) it is a biosimilar of ${product.brand} (${product.name}), ${product.drugClass}`;
    if (product.otherUses !== undefined) {
      const d = byDiagnosis(
        drug,
        code,
        `${why}, which serves both cancer care and other uses (${product.otherUses})`,
        product.category,
        context.diagnosisCodes,
        reference,
        source,
        context.trustCategoryHint ?? false,
      );
      return d.method === 'diagnosis' ? { ...d, method: 'drug-name' } : d;
    }
    return {
      category: product.category,
      method: 'drug-name',
      matchedBy: `hcpcs.biosimilar-by-name.${product.name.replace(/\s+/g, '-')}`,
      explanation: `${why}, so it is a ${DRUG_CATEGORY_LABELS[product.category]}.`,
      source,
    };
  }
  return null;
}
