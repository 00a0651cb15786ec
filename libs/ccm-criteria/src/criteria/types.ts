import type { CodeSystem } from '../codes';
import type { SourceRef } from '../clinical-profile';
import { compareStrings, type DateWindow, type IsoDate } from '../dates';

/** The criterion ids of the public contract (`ccm.evaluations.v1` criteriaMet). */
export const CRITERION_IDS = [
  'major-organ-transplant',
  'major-trauma',
  'four-or-more-chronic-conditions',
  'three-or-more-admissions-12-months',
  'readmission-30-days-same-condition',
  'polypharmacy-over-30-per-quarter',
  'cancer-multiple-modalities',
] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];

/** What every criterion's evidence says. */
export interface EvidenceBase {
  criterionId: CriterionId;
  met: boolean;
  /** The rule that fired (null when the criterion is not met). */
  rule: string | null;
  /** One sentence for the case manager. */
  summary: string;
  /** The dates the criterion looked at, inclusive. */
  window: DateWindow;
}

export interface CriterionResult<E extends EvidenceBase> {
  met: boolean;
  evidence: E;
}

/** A code found on a source record. */
export interface CodeFinding {
  system: CodeSystem;
  code: string;
  /** The code-set spec it matched (`E11`, `J9000-J9999` …). */
  matchedSpec: string;
  date: IsoDate;
  source: SourceRef;
}

/** Source lists in evidence keep at most this many entries (the most recent); counts stay exact. */
export const MAX_LISTED_SOURCES = 10;

/** The most recent distinct source records of some dated records, as evidence (at most MAX_LISTED_SOURCES). */
export function latestDistinctSources(
  records: ReadonlyArray<{ date: IsoDate; source: SourceRef }>,
): Array<SourceRef & { date: IsoDate }> {
  const sorted = [...records].sort((a, b) => compareStrings(b.date, a.date));
  const out: Array<SourceRef & { date: IsoDate }> = [];
  for (const r of sorted) {
    if (out.some((o) => o.id === r.source.id && o.kind === r.source.kind)) continue;
    out.push({ kind: r.source.kind, id: r.source.id, date: r.date });
    if (out.length >= MAX_LISTED_SOURCES) break;
  }
  return out;
}
