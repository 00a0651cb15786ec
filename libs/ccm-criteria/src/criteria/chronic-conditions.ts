import type { ClinicalProfile, DiagnosisRecord, SourceRef } from '../clinical-profile';
import { codeSetsFor, type ChronicConditionDefinition } from '../code-sets';
import type { CcmCriteriaConfig } from '../config';
import { compareStrings, lookbackWindow, type IsoDate } from '../dates';
import { latestDistinctSources, type CriterionResult, type EvidenceBase } from './types';

export interface ChronicConditionFinding {
  conditionId: string;
  label: string;
  heading: 'pulmonary' | 'cardiac' | null;
  /** Distinct codes seen for the condition, with the spec each matched. */
  codes: Array<{ code: string; matchedSpec: string }>;
  firstDate: IsoDate;
  lastDate: IsoDate;
  /** Diagnosis records (code on a source record) that showed it. */
  occurrences: number;
  /** The most recent source records (at most MAX_LISTED_SOURCES). */
  sources: Array<SourceRef & { date: IsoDate }>;
}

export interface ChronicConditionsEvidence extends EvidenceBase {
  criterionId: 'four-or-more-chronic-conditions';
  rule: 'distinct-chronic-conditions' | null;
  counting: 'per-condition' | 'per-heading';
  threshold: number;
  /** Conditions counted (per heading: the pulmonary conditions count as one). */
  count: number;
  conditions: ChronicConditionFinding[];
}

/**
 * Counts the document's chronic conditions with a diagnosis dated in the look-back: each condition
 * once however many of its codes and claims appear. Met at `minConditions` (4) or more.
 */
export function fourOrMoreChronicConditions(
  profile: ClinicalProfile,
  asOf: IsoDate,
  config: CcmCriteriaConfig,
): CriterionResult<ChronicConditionsEvidence> {
  const cfg = config.chronicConditions;
  const codes = codeSetsFor(config.codeSetVersion);
  const window = lookbackWindow(asOf, cfg.lookbackMonths);
  // Hot loop: no allocation per diagnosis beyond pushing the record reference.
  const byCondition = new Map<
    string,
    { def: ChronicConditionDefinition; records: DiagnosisRecord[]; specs: Map<string, string> }
  >();
  for (const d of profile.diagnoses) {
    if (d.date < window.from || d.date > window.to) continue;
    for (const m of codes.chronicConditions.match(d.code)) {
      let entry = byCondition.get(m.value.id);
      if (!entry) {
        entry = { def: m.value, records: [], specs: new Map() };
        byCondition.set(m.value.id, entry);
      }
      entry.records.push(d);
      if (!entry.specs.has(d.code)) entry.specs.set(d.code, m.spec);
    }
  }
  const conditions: ChronicConditionFinding[] = [];
  for (const def of codes.bundle.chronicConditions) {
    const entry = byCondition.get(def.id);
    if (!entry) continue;
    let firstDate = entry.records[0]?.date ?? asOf;
    let lastDate = firstDate;
    for (const r of entry.records) {
      if (r.date < firstDate) firstDate = r.date;
      if (r.date > lastDate) lastDate = r.date;
    }
    conditions.push({
      conditionId: def.id,
      label: def.label,
      heading: def.heading,
      codes: [...entry.specs]
        .map(([code, matchedSpec]) => ({ code, matchedSpec }))
        .sort((a, b) => compareStrings(a.code, b.code)),
      firstDate,
      lastDate,
      occurrences: entry.records.length,
      sources: latestDistinctSources(entry.records),
    });
  }
  const count =
    cfg.counting === 'per-condition'
      ? conditions.length
      : new Set(conditions.map((c) => c.heading ?? c.conditionId)).size;
  const met = count >= cfg.minConditions;
  const summary =
    `${count} of the listed chronic conditions ${cfg.counting === 'per-heading' ? '(pulmonary and cardiac each counted once) ' : ''}` +
    `since ${window.from}${conditions.length > 0 ? `: ${conditions.map((c) => c.label).join('; ')}` : ''}` +
    ` (${met ? 'meets' : 'below'} the threshold of ${cfg.minConditions}).`;
  return {
    met,
    evidence: {
      criterionId: 'four-or-more-chronic-conditions',
      met,
      rule: met ? 'distinct-chronic-conditions' : null,
      summary,
      window,
      counting: cfg.counting,
      threshold: cfg.minConditions,
      count,
      conditions,
    },
  };
}
