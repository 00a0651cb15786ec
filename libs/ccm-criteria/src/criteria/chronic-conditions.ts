import type { ClinicalProfile, DiagnosisRecord, SourceRef } from '../clinical-profile';
import { codeSetsFor, type ChronicConditionDefinition } from '../code-sets';
import type { CcmCriteriaConfig } from '../config';
import { compareStrings, lookbackWindow, type IsoDate } from '../dates';
import { labFindings, type LabFinding } from './lab-evidence';
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
  /** The most recent source records (at most MAX_LISTED_SOURCES), diagnoses and lab results. */
  sources: Array<SourceRef & { date: IsoDate }>;
  /** Laboratory results that established the condition (code set `labEvidence`), oldest first. */
  labResults: LabFinding[];
  /** `diagnosis`, `laboratory` or both: what established the condition. */
  establishedBy: Array<'diagnosis' | 'laboratory'>;
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

/** A condition in the summary, saying when laboratory results (not a diagnosis) established it. */
function conditionText(c: ChronicConditionFinding): string {
  if (c.labResults.length === 0) return c.label;
  const tests = [...new Set(c.labResults.map((l) => l.testId))].join(', ');
  return `${c.label} (${c.establishedBy.includes('diagnosis') ? 'also ' : ''}by laboratory: ${c.labResults.length} ${tests} result(s) past the published threshold)`;
}

/**
 * Counts the document's chronic conditions with a diagnosis dated in the look-back: each condition
 * once however many of its codes and claims appear. With `labEvidence.enabled`, laboratory results
 * that meet a rule of the code set (HbA1c, glucose, eGFR, HIV-1 RNA) establish the condition too.
 * Met at `minConditions` (4) or more.
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
  const byLab = new Map<string, LabFinding[]>();
  if (config.labEvidence.enabled) {
    for (const rule of codes.bundle.labEvidence ?? []) {
      const { findings, established } = labFindings(rule, profile.labs, window);
      if (established) byLab.set(rule.conditionId, findings);
    }
  }
  const conditions: ChronicConditionFinding[] = [];
  for (const def of codes.bundle.chronicConditions) {
    const entry = byCondition.get(def.id);
    const labs = byLab.get(def.id) ?? [];
    if (!entry && labs.length === 0) continue;
    const dates = [...(entry?.records ?? []), ...labs].map((r) => r.date);
    let firstDate = dates[0] ?? asOf;
    let lastDate = firstDate;
    for (const d of dates) {
      if (d < firstDate) firstDate = d;
      if (d > lastDate) lastDate = d;
    }
    const labSources = labs.map((l) => ({
      date: l.date,
      source: { kind: 'lab-result' as const, id: l.resultId },
    }));
    conditions.push({
      conditionId: def.id,
      label: def.label,
      heading: def.heading,
      codes: [...(entry?.specs ?? [])]
        .map(([code, matchedSpec]) => ({ code, matchedSpec }))
        .sort((a, b) => compareStrings(a.code, b.code)),
      firstDate,
      lastDate,
      occurrences: entry?.records.length ?? 0,
      sources: latestDistinctSources([...(entry?.records ?? []), ...labSources]),
      labResults: labs,
      establishedBy: [
        ...(entry ? (['diagnosis'] as const) : []),
        ...(labs.length > 0 ? (['laboratory'] as const) : []),
      ],
    });
  }
  const count =
    cfg.counting === 'per-condition'
      ? conditions.length
      : new Set(conditions.map((c) => c.heading ?? c.conditionId)).size;
  const met = count >= cfg.minConditions;
  const summary =
    `${count} of the listed chronic conditions ${cfg.counting === 'per-heading' ? '(pulmonary and cardiac each counted once) ' : ''}` +
    `since ${window.from}${conditions.length > 0 ? `: ${conditions.map(conditionText).join('; ')}` : ''}` +
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
