import type { ClinicalProfile, SourceRef } from '../clinical-profile';
import { codeSetsFor } from '../code-sets';
import type { CcmCriteriaConfig } from '../config';
import { inWindow, lookbackWindow, type IsoDate, compareStrings } from '../dates';
import type { CodeFinding, CriterionResult, EvidenceBase } from './types';

export type TraumaRule =
  | 'ms-drg-multiple-significant-trauma'
  | 'major-injury-inpatient'
  | 'significant-injuries-multiple-body-regions';

export type BodyRegion =
  | 'head'
  | 'neck'
  | 'thorax'
  | 'abdomen-pelvis-spine'
  | 'upper-limb'
  | 'lower-limb'
  | 'multiple'
  | 'burns';

export interface InjuryFinding extends CodeFinding {
  groupId: string;
  tier: 'major' | 'significant';
  bodyRegion: BodyRegion;
}

export interface TraumaEpisodeFinding {
  rule: TraumaRule;
  source: SourceRef;
  date: IsoDate;
  drg: CodeFinding | null;
  injuries: InjuryFinding[];
  bodyRegions: BodyRegion[];
}

export interface TraumaEvidence extends EvidenceBase {
  criterionId: 'major-trauma';
  rule: TraumaRule | null;
  findings: TraumaEpisodeFinding[];
}

/** The body region of an injury code (ICD-10-CM chapter 19 blocks follow body regions). */
export function injuryBodyRegion(code: string): BodyRegion {
  if (code.startsWith('T07')) return 'multiple';
  if (code.startsWith('T')) return 'burns';
  switch (code.charAt(1)) {
    case '0':
      return 'head';
    case '1':
      return 'neck';
    case '2':
      return 'thorax';
    case '3':
      return 'abdomen-pelvis-spine';
    case '4':
    case '5':
    case '6':
      return 'upper-limb';
    default:
      return 'lower-limb';
  }
}

const INITIAL_ENCOUNTER = new Set(['A', 'B', 'C']);

/**
 * Met, within the look-back, by: an MS-DRG of multiple significant trauma (955–959, 963–965) on a
 * claim; an inpatient stay (claim or ADT) with a major injury (initial encounter); or an inpatient
 * stay with significant injuries in at least two body regions (the MDC 24 logic).
 */
export function majorTrauma(
  profile: ClinicalProfile,
  asOf: IsoDate,
  config: CcmCriteriaConfig,
): CriterionResult<TraumaEvidence> {
  const codes = codeSetsFor(config.codeSetVersion);
  const window = lookbackWindow(asOf, config.majorTrauma.lookbackMonths);
  const findings: TraumaEpisodeFinding[] = [];
  for (const p of profile.procedures) {
    if (p.system !== 'MS-DRG' || !inWindow(p.date, window)) continue;
    const m = codes.multipleSignificantTraumaDrgs.first(p.code);
    if (m) {
      findings.push({
        rule: 'ms-drg-multiple-significant-trauma',
        source: p.source,
        date: p.date,
        drg: {
          system: 'MS-DRG',
          code: p.code,
          matchedSpec: m.spec,
          date: p.date,
          source: p.source,
        },
        injuries: [],
        bodyRegions: [],
      });
    }
  }
  for (const stay of profile.inpatientStays) {
    if (!inWindow(stay.admissionDate, window)) continue;
    const injuries: InjuryFinding[] = [];
    for (const code of stay.diagnosisCodes) {
      const m = codes.injuries.first(code);
      if (!m) continue;
      if (m.value.requiresInitialEncounter && !INITIAL_ENCOUNTER.has(code.charAt(6))) continue;
      injuries.push({
        system: 'ICD-10-CM',
        code,
        matchedSpec: m.spec,
        date: stay.admissionDate,
        source: stay.source,
        groupId: m.value.id,
        tier: m.value.tier,
        bodyRegion: injuryBodyRegion(code),
      });
    }
    if (injuries.length === 0) continue;
    const bodyRegions = [...new Set(injuries.map((i) => i.bodyRegion))];
    const rule: TraumaRule | null = injuries.some((i) => i.tier === 'major')
      ? 'major-injury-inpatient'
      : bodyRegions.length >= 2
        ? 'significant-injuries-multiple-body-regions'
        : null;
    if (rule)
      findings.push({
        rule,
        source: stay.source,
        date: stay.admissionDate,
        drg: null,
        injuries,
        bodyRegions,
      });
  }
  findings.sort((a, b) => compareStrings(b.date, a.date));
  const met = findings.length > 0;
  const first = findings[0];
  const summary = first
    ? `${describeTrauma(first)} (${first.source.kind} ${first.source.id}, ${first.date}).`
    : `No multiple-significant-trauma DRG or major/multiple-region injury on an inpatient stay since ${window.from}.`;
  return {
    met,
    evidence: {
      criterionId: 'major-trauma',
      met,
      rule: first?.rule ?? null,
      summary,
      window,
      findings,
    },
  };
}

function describeTrauma(f: TraumaEpisodeFinding): string {
  switch (f.rule) {
    case 'ms-drg-multiple-significant-trauma':
      return `MS-DRG ${f.drg?.code ?? ''} multiple significant trauma`;
    case 'major-injury-inpatient':
      return `Major injury on an inpatient stay: ${f.injuries
        .filter((i) => i.tier === 'major')
        .map((i) => i.code)
        .join(', ')}`;
    case 'significant-injuries-multiple-body-regions':
      return `Significant injuries in ${f.bodyRegions.length} body regions (${f.bodyRegions.join(', ')})`;
  }
}
