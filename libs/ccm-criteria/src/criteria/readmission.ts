import type { ClinicalProfile } from '../clinical-profile';
import { codeSetsFor, type CompiledCodeSets } from '../code-sets';
import { icd10Category } from '../codes';
import type { CcmCriteriaConfig, SimilarityRule } from '../config';
import { daysBetween, inWindow, lookbackWindow, type IsoDate } from '../dates';
import { reconcileInpatientStays, type InpatientEpisode } from './inpatient-episodes';
import type { CriterionResult, EvidenceBase } from './types';

export interface DiagnosisSimilarity {
  /** The grouping rule that matched. */
  rule: SimilarityRule;
  /** The shared key: the 3-character category (`I50`) or the clinical group id (`heart-failure`). */
  key: string;
  label: string | null;
  indexDiagnosis: string;
  readmissionDiagnosis: string;
}

export interface Readmission {
  index: InpatientEpisode;
  readmission: InpatientEpisode;
  /** Days from the index discharge to the readmission's admission (0 … maxDaysAfterDischarge). */
  daysAfterDischarge: number;
  similarity: DiagnosisSimilarity;
}

export interface ReadmissionEvidence extends EvidenceBase {
  criterionId: 'readmission-30-days-same-condition';
  rule: SimilarityRule | null;
  maxDaysAfterDischarge: number;
  similarityRules: SimilarityRule[];
  /** Qualifying readmissions, most recent first. */
  readmissions: Readmission[];
  /** Readmissions within the days limit whose diagnosis was neither the same nor similar. */
  readmissionsWithOtherDiagnosis: number;
  /** Readmissions left out as always planned (`excludePlanned`). */
  plannedReadmissions: number;
  /** How transfers were told from readmissions (`adjacent-days` or `discharge-disposition`). */
  transferIdentification: CcmCriteriaConfig['inpatient']['transferIdentification'];
  /** A stay right after one with no discharge status: a transfer or a readmission (plan choice). */
  unknownDisposition: CcmCriteriaConfig['inpatient']['unknownDisposition'];
}

function principalDiagnoses(e: InpatientEpisode): string[] {
  const out: string[] = [];
  for (const s of e.stays)
    if (s.principalDiagnosis && !out.includes(s.principalDiagnosis)) out.push(s.principalDiagnosis);
  return out;
}

function similarity(
  index: string[],
  readmit: string[],
  rules: readonly SimilarityRule[],
  codes: CompiledCodeSets,
): DiagnosisSimilarity | null {
  for (const rule of rules) {
    for (const a of index) {
      for (const b of readmit) {
        switch (rule) {
          case 'icd10-category':
            if (icd10Category(a) === icd10Category(b)) {
              return {
                rule,
                key: icd10Category(a),
                label: null,
                indexDiagnosis: a,
                readmissionDiagnosis: b,
              };
            }
            break;
          case 'clinical-group': {
            const ga = codes.clinicalGroups.match(a);
            const gb = codes.clinicalGroups.match(b);
            const shared = ga.find((x) => gb.some((y) => y.value.id === x.value.id));
            if (shared) {
              return {
                rule,
                key: shared.value.id,
                label: shared.value.label,
                indexDiagnosis: a,
                readmissionDiagnosis: b,
              };
            }
            break;
          }
        }
      }
    }
  }
  return null;
}

/** Whether the readmission episode is always planned (CMS Planned Readmission Algorithm). */
function plannedReason(
  episode: InpatientEpisode,
  profile: ClinicalProfile,
  codes: CompiledCodeSets,
): string | null {
  for (const dx of principalDiagnoses(episode)) {
    if (codes.plannedReadmissionDiagnoses.match(dx).length > 0) return `principal diagnosis ${dx}`;
  }
  const sources = episode.stays.flatMap((s) => s.reportedBy);
  for (const p of profile.procedures) {
    if (!sources.some((r) => r.id === p.source.id && r.kind === p.source.kind)) continue;
    const hit = codes.transplantProcedures[p.system].match(p.code)[0];
    if (hit && hit.value.kind === 'organ') return `transplant procedure ${p.code}`;
  }
  return null;
}

/** The earlier episodes a readmission is compared with, most recent discharge first. */
function indexCandidates(
  episodes: readonly InpatientEpisode[],
  i: number,
  cfg: CcmCriteriaConfig['readmission'],
): Array<{ index: InpatientEpisode; days: number }> {
  const next = episodes[i]!;
  const out: Array<{ index: InpatientEpisode; days: number }> = [];
  for (let j = i - 1; j >= 0; j--) {
    const index = episodes[j]!;
    const days = daysBetween(index.dischargeDate, next.admissionDate);
    if (days >= 0 && days <= cfg.maxDaysAfterDischarge) out.push({ index, days });
    if (cfg.indexDischarges === 'previous-episode') break;
  }
  return out.sort((a, b) => a.days - b.days);
}

/**
 * A readmission is an admission (episode) within 30 days of a discharge: day 30 counts, day 31
 * does not. A transfer continues its episode (see `inpatient-episodes.ts`) and is never a
 * readmission. Under `every-discharge-in-window` each admission is compared with every discharge
 * of the 30 days before it, not only the previous stay; the principal diagnoses must be the same
 * or similar under the configured rules, tried in order. With `excludePlanned` an always-planned
 * readmission (CMS Planned Readmission Algorithm) does not count. The readmission's admission
 * date must be within the look-back.
 */
export function readmissionWithin30Days(
  profile: ClinicalProfile,
  asOf: IsoDate,
  config: CcmCriteriaConfig,
  /** The member's episodes, when the caller already reconciled them (`evaluateCcmCriteria`). */
  reconciled?: InpatientEpisode[],
): CriterionResult<ReadmissionEvidence> {
  const cfg = config.readmission;
  const codes = codeSetsFor(config.codeSetVersion);
  const window = lookbackWindow(asOf, cfg.lookbackMonths);
  const episodes = reconciled ?? reconcileInpatientStays(profile.inpatientStays, config.inpatient);
  const readmissions: Readmission[] = [];
  let other = 0;
  let planned = 0;
  for (let i = 1; i < episodes.length; i++) {
    const next = episodes[i]!;
    if (!inWindow(next.admissionDate, window)) continue;
    const candidates = indexCandidates(episodes, i, cfg);
    if (candidates.length === 0) continue;
    if (cfg.excludePlanned && plannedReason(next, profile, codes) !== null) {
      planned += 1;
      continue;
    }
    let found: Readmission | null = null;
    for (const { index, days } of candidates) {
      const sim = similarity(
        principalDiagnoses(index),
        principalDiagnoses(next),
        cfg.similarity,
        codes,
      );
      if (sim) {
        found = { index, readmission: next, daysAfterDischarge: days, similarity: sim };
        break;
      }
    }
    if (found) readmissions.push(found);
    else other += 1;
  }
  readmissions.reverse();
  let assumedTransfers = 0;
  for (const e of episodes)
    if (inWindow(e.dischargeDate, window)) assumedTransfers += e.transfersWithoutStatus;
  const met = readmissions.length > 0;
  const latest = readmissions[0];
  const notes =
    (other > 0 ? ` ${other} with another diagnosis.` : '') +
    (planned > 0 ? ` ${planned} planned (CMS Planned Readmission Algorithm), not counted.` : '') +
    (assumedTransfers > 0
      ? ` ${assumedTransfers} same- or next-day admission(s) after a stay with no discharge status treated as transfer(s), not readmissions (inpatient.unknownDisposition: ${config.inpatient.unknownDisposition}).`
      : '');
  const summary = latest
    ? `Readmitted ${latest.readmission.admissionDate}, ${latest.daysAfterDischarge} days after the discharge of ${latest.index.dischargeDate}, ` +
      `${latest.similarity.readmissionDiagnosis} vs ${latest.similarity.indexDiagnosis} (${latest.similarity.rule} ${latest.similarity.key}).` +
      notes
    : `No readmission within ${cfg.maxDaysAfterDischarge} days with the same or similar principal diagnosis since ${window.from}.` +
      notes;
  return {
    met,
    evidence: {
      criterionId: 'readmission-30-days-same-condition',
      met,
      rule: latest?.similarity.rule ?? null,
      summary,
      window,
      maxDaysAfterDischarge: cfg.maxDaysAfterDischarge,
      similarityRules: [...cfg.similarity],
      transferIdentification: config.inpatient.transferIdentification,
      unknownDisposition: config.inpatient.unknownDisposition,
      readmissions,
      readmissionsWithOtherDiagnosis: other,
      plannedReadmissions: planned,
    },
  };
}
