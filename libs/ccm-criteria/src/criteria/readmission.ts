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
  /** Days from the index discharge to the readmission's admission (2 … maxDaysAfterDischarge). */
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

/**
 * A readmission is the next admission (episode) after a discharge, admitted 2 to 30 days after
 * that discharge: day 30 counts, day 31 does not; an admission on the day of or the day after a
 * discharge is a transfer (same episode) and never a readmission. The principal diagnoses of the
 * two episodes must be the same or similar under the configured rules, tried in order. The
 * readmission's admission date must be within the look-back.
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
  const episodes =
    reconciled ??
    reconcileInpatientStays(profile.inpatientStays, config.inpatient.transferMaxGapDays);
  const readmissions: Readmission[] = [];
  let other = 0;
  for (let i = 1; i < episodes.length; i++) {
    const index = episodes[i - 1];
    const next = episodes[i];
    if (!index || !next || !inWindow(next.admissionDate, window)) continue;
    const days = daysBetween(index.dischargeDate, next.admissionDate);
    if (days > cfg.maxDaysAfterDischarge) continue;
    const sim = similarity(
      principalDiagnoses(index),
      principalDiagnoses(next),
      cfg.similarity,
      codes,
    );
    if (sim)
      readmissions.push({ index, readmission: next, daysAfterDischarge: days, similarity: sim });
    else other += 1;
  }
  readmissions.reverse();
  const met = readmissions.length > 0;
  const latest = readmissions[0];
  const summary = latest
    ? `Readmitted ${latest.readmission.admissionDate}, ${latest.daysAfterDischarge} days after the discharge of ${latest.index.dischargeDate}, ` +
      `${latest.similarity.readmissionDiagnosis} vs ${latest.similarity.indexDiagnosis} (${latest.similarity.rule} ${latest.similarity.key}).`
    : `No readmission within ${cfg.maxDaysAfterDischarge} days with the same or similar principal diagnosis since ${window.from}` +
      (other > 0 ? ` (${other} with another diagnosis).` : '.');
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
      readmissions,
      readmissionsWithOtherDiagnosis: other,
    },
  };
}
