/**
 * The Charlson comorbidity index of a member from the diagnoses held in the clinical profile
 * (claims, ADT discharges, encounters): each condition of the Quan 2005 ICD-10 algorithm found in
 * the look-back window counts once with its Quan 2011 weight, after Charlson's hierarchy. Every
 * condition found comes with the codes, dates and source records that show it.
 */
import {
  CodeMatcher,
  compareStrings,
  inWindow,
  lookbackWindow,
  type DateWindow,
  type DiagnosisRecord,
  type IsoDate,
  type SourceRef,
} from '@careflow/ccm-criteria';
import {
  CHARLSON_CONDITION_IDS,
  QUAN_2005_ICD10_CHARLSON,
  QUAN_2005_SOURCE,
  expandSpec,
  type CharlsonConditionId,
} from './quan-2005-icd10';
import { CHARLSON_HIERARCHY, QUAN_2011_SOURCE, QUAN_2011_WEIGHTS } from './quan-2011-weights';

export interface CharlsonCodeEvidence {
  /** The diagnosis code as held (normalized ICD-10-CM, e.g. `I5032`). */
  code: string;
  /** The table's spec it matched, in the paper's notation (e.g. `I50`, `I42.5-I42.9`). */
  matched: string;
  /** The service date of the record that carried it. */
  date: IsoDate;
  /** The record: a medical claim, ADT discharge or encounter and its business id. */
  source: SourceRef;
}

export interface CharlsonConditionFinding {
  id: CharlsonConditionId;
  label: string;
  /** The Quan 2011 weight of the condition. */
  weight: number;
  /** What it adds to the score: its weight, or 0 when a severer form supersedes it. */
  points: number;
  supersededBy: CharlsonConditionId | null;
  /** Every matching diagnosis in the window, newest first. */
  evidence: CharlsonCodeEvidence[];
}

export interface CharlsonIndexResult {
  score: number;
  window: DateWindow;
  /** The conditions found, in the order of Quan's Table 1. */
  conditions: CharlsonConditionFinding[];
  sources: { codes: typeof QUAN_2005_SOURCE; weights: typeof QUAN_2011_SOURCE };
}

interface SpecOfCondition {
  condition: CharlsonConditionId;
  /** The table's spec in the paper's notation. */
  spec: string;
}

let matcher: CodeMatcher<SpecOfCondition> | null = null;

/** One matcher for the whole table, built on first use (the table is fixed data). */
function charlsonMatcher(): CodeMatcher<SpecOfCondition> {
  matcher ??= new CodeMatcher(
    'ICD-10-CM',
    QUAN_2005_ICD10_CHARLSON.flatMap((c) =>
      c.icd10.flatMap((spec) =>
        expandSpec(spec).map((prefix) => ({ spec: prefix, value: { condition: c.id, spec } })),
      ),
    ),
  );
  return matcher;
}

/** The Charlson conditions (with the spec that matched) a normalized ICD-10-CM code falls in. */
export function charlsonConditionsOfCode(code: string): SpecOfCondition[] {
  return charlsonMatcher()
    .match(code)
    .map((m) => m.value);
}

/**
 * The index as of `asOf` over diagnoses dated in `[asOf − lookbackMonths, asOf]` (both ends
 * inclusive, as every look-back of the platform).
 */
export function charlsonComorbidityIndex(
  diagnoses: readonly DiagnosisRecord[],
  asOf: IsoDate,
  lookbackMonths: number,
): CharlsonIndexResult {
  const window = lookbackWindow(asOf, lookbackMonths);
  const found = new Map<CharlsonConditionId, CharlsonCodeEvidence[]>();
  for (const d of diagnoses) {
    if (!inWindow(d.date, window)) continue;
    for (const { condition, spec } of charlsonConditionsOfCode(d.code)) {
      const list = found.get(condition) ?? [];
      if (!list.some((e) => sameRecord(e, d))) {
        list.push({ code: d.code, matched: spec, date: d.date, source: d.source });
      }
      found.set(condition, list);
    }
  }
  const conditions: CharlsonConditionFinding[] = [];
  for (const id of CHARLSON_CONDITION_IDS) {
    const evidence = found.get(id);
    if (!evidence) continue;
    const supersededBy =
      CHARLSON_HIERARCHY.find((h) => h.supersedes === id && found.has(h.severe))?.severe ?? null;
    const weight = QUAN_2011_WEIGHTS[id];
    conditions.push({
      id,
      label: QUAN_2005_ICD10_CHARLSON.find((c) => c.id === id)?.label ?? id,
      weight,
      points: supersededBy ? 0 : weight,
      supersededBy,
      evidence: evidence.sort(
        (a, b) => compareStrings(b.date, a.date) || compareStrings(a.code, b.code),
      ),
    });
  }
  return {
    score: conditions.reduce((sum, c) => sum + c.points, 0),
    window,
    conditions,
    sources: { codes: QUAN_2005_SOURCE, weights: QUAN_2011_SOURCE },
  };
}

function sameRecord(e: CharlsonCodeEvidence, d: DiagnosisRecord): boolean {
  return (
    e.code === d.code &&
    e.date === d.date &&
    e.source.kind === d.source.kind &&
    e.source.id === d.source.id
  );
}
