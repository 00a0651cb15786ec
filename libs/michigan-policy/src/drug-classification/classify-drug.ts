import { DRUG_CATEGORY_LABELS, type DrugCategory } from '../reference-values';
import {
  AMBIGUOUS_HCPCS,
  CATEGORY_HINT_ALIASES,
  HCPCS_ENTRIES,
  HCPCS_RANGES,
  HCPCS_SOURCE,
  NOC_HCPCS,
  type AmbiguousHcpcsEntry,
  type HcpcsEntry,
} from './code-lists';

export interface DrugToClassify {
  code: string;
  codeSystem: 'HCPCS' | 'NDC';
  name?: string | null;
  categoryHint?: string | null;
}

export type ClassificationMethod = 'code-list' | 'category-hint' | 'unknown';

export interface DrugClassification {
  /** null when the drug could not be classified (method `unknown`). */
  category: DrugCategory | null;
  method: ClassificationMethod;
  /** Id of the list entry, range or hint that classified the drug (for the rule trace). */
  matchedBy: string;
  /** Plain-language explanation, used as a reason of the routing decision. */
  explanation: string;
  source: string;
}

const HCPCS_FORMAT = /^[A-V]\d{4}$/;
const entriesByCode = new Map<string, HcpcsEntry>(HCPCS_ENTRIES.map((e) => [e.code, e]));
const ambiguousByCode = new Map<string, AmbiguousHcpcsEntry>(
  AMBIGUOUS_HCPCS.map((e) => [e.code, e]),
);
const nocByCode = new Map(NOC_HCPCS.map((e) => [e.code, e]));
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

function fromHint(
  hint: string | null | undefined,
  why: string,
  allowed?: readonly DrugCategory[],
): DrugClassification | null {
  const category = categoryFromHint(hint);
  if (category === null || (allowed && !allowed.includes(category))) return null;
  return {
    category,
    method: 'category-hint',
    matchedBy: `hint.${category}`,
    explanation: `${why} The request's category hint "${hint ?? ''}" classifies it as a ${DRUG_CATEGORY_LABELS[category]}.`,
    source: 'PA request drug.categoryHint (pa.requests.v1)',
  };
}

function unknown(explanation: string, matchedBy: string): DrugClassification {
  return { category: null, method: 'unknown', matchedBy, explanation, source: HCPCS_SOURCE };
}

function hintNote(hint: string | null | undefined, category: DrugCategory): string {
  const hinted = categoryFromHint(hint);
  return hinted !== null && hinted !== category
    ? ` The request's category hint "${hint ?? ''}" was not used: the code list decides.`
    : '';
}

/**
 * Classifies a drug as medical oncology, supportive care, CAR-T or other. HCPCS codes are looked up
 * in the code lists; an NDC, a not-otherwise-classified or an ambiguous code falls back to the
 * request's category hint; otherwise the drug is unclassified (`method: 'unknown'`).
 */
export function classifyDrug(drug: DrugToClassify): DrugClassification {
  if (drug.codeSystem === 'NDC') {
    return (
      fromHint(drug.categoryHint, `NDC ${drug.code} does not identify a drug's class by itself.`) ??
      unknown(
        `NDC ${drug.code} does not identify a drug's class by itself, and the request has no recognizable category hint.`,
        'ndc.no-hint',
      )
    );
  }
  const code = normalizeHcpcs(drug.code);
  if (!HCPCS_FORMAT.test(code)) {
    return (
      fromHint(drug.categoryHint, `"${drug.code}" is not a valid HCPCS Level II code.`) ??
      unknown(
        `"${drug.code}" is not a valid HCPCS Level II code (a letter A–V and four digits).`,
        'hcpcs.invalid',
      )
    );
  }
  const entry = entriesByCode.get(code);
  if (entry) {
    return {
      category: entry.category,
      method: 'code-list',
      matchedBy: `hcpcs.${code}`,
      explanation: `HCPCS ${code} (${entry.name}, ${entry.drugClass}) is a ${DRUG_CATEGORY_LABELS[entry.category]}.${hintNote(drug.categoryHint, entry.category)}`,
      source: HCPCS_SOURCE,
    };
  }
  for (const range of HCPCS_RANGES) {
    if (code >= range.from && code <= range.to) {
      return {
        category: range.category,
        method: 'code-list',
        matchedBy: range.id,
        explanation: `HCPCS ${code} is in ${range.title}, so it is a ${DRUG_CATEGORY_LABELS[range.category]}.${hintNote(drug.categoryHint, range.category)}`,
        source: range.source,
      };
    }
  }
  const ambiguous = ambiguousByCode.get(code);
  if (ambiguous) {
    const why = `HCPCS ${code} (${ambiguous.name}) is ${ambiguous.note}.`;
    return (
      fromHint(drug.categoryHint, why, ambiguous.candidates) ??
      unknown(
        `${why} The request's category hint must say which (${ambiguous.candidates.join(' or ')}).`,
        `hcpcs.ambiguous.${code}`,
      )
    );
  }
  const noc = nocByCode.get(code);
  if (noc) {
    const why = `HCPCS ${code} (${noc.name}) is a not-otherwise-classified code.`;
    return (
      fromHint(drug.categoryHint, why) ??
      unknown(`${why} The request has no recognizable category hint.`, `hcpcs.noc.${code}`)
    );
  }
  // A valid code on none of the lists: the hint may still say what it is (the lists trail new codes).
  const why = `HCPCS ${code} is not on the medical oncology, supportive care or CAR-T code lists.`;
  return (
    fromHint(drug.categoryHint, why) ?? {
      category: 'other',
      method: 'code-list',
      matchedBy: 'hcpcs.not-listed',
      explanation: `${why} It is classified as a ${DRUG_CATEGORY_LABELS.other}.`,
      source: HCPCS_SOURCE,
    }
  );
}
