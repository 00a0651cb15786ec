import type { ClinicalProfile } from '../clinical-profile';
import {
  codeSetsFor,
  loadCcsrTable,
  loadPlannedReadmissionTable,
  type CcsrTable,
  type CompiledCodeSets,
  type PlannedReadmissionTable,
} from '../code-sets';
import { icd10Category } from '../codes';
import type { CcmCriteriaConfig, SimilarityRule } from '../config';
import { daysBetween, inWindow, lookbackWindow, type IsoDate } from '../dates';
import { reconcileInpatientStays, type InpatientEpisode } from './inpatient-episodes';
import type { CriterionResult, EvidenceBase } from './types';

export interface DiagnosisSimilarity {
  /** The grouping rule that matched. */
  rule: SimilarityRule;
  /**
   * The shared key: the 3-character category (`I50`), the clinical group id (`heart-failure`) or
   * the CCSR category (`CIR019`).
   */
  key: string;
  label: string | null;
  indexDiagnosis: string;
  readmissionDiagnosis: string;
  /**
   * CCSR rules: the table that decided, and `code-not-in-table` when a diagnosis is absent from
   * it and the two were compared by their 3-character category instead.
   */
  ccsr?: { table: string; fallback: 'code-not-in-table' | null };
}

/** The reference data a criteria evaluation reads besides its code sets. */
export interface CriteriaReferences {
  /** The DXCCSR table for the CCSR similarity rules; default the shipped one (v2024.1). */
  ccsr?: CcsrTable;
  /** The CMS planned readmission tables for `plannedRule: cms-pra-v4`; default the shipped ones. */
  plannedReadmission?: PlannedReadmissionTable;
}

const CCSR_RULES: readonly SimilarityRule[] = ['ccsr-category', 'ccsr-default-category'];

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
  /** Readmissions left out as planned (`excludePlanned`). */
  plannedReadmissions: number;
  /** Why each was planned (admission date and the table and code), oldest first. */
  planned: Array<{ admissionDate: IsoDate; reason: string }>;
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

/** The CCSR category two codes share under `rule`, or their 3-character category for a code the table lacks. */
function ccsrMatch(
  a: string,
  b: string,
  rule: SimilarityRule,
  table: CcsrTable,
): Omit<DiagnosisSimilarity, 'rule' | 'indexDiagnosis' | 'readmissionDiagnosis'> | null {
  const ca = table.categoriesOf(a);
  const cb = table.categoriesOf(b);
  if (ca === null || cb === null) {
    if (icd10Category(a) !== icd10Category(b)) return null;
    return {
      key: icd10Category(a),
      label: null,
      ccsr: { table: table.citation, fallback: 'code-not-in-table' },
    };
  }
  const shared =
    rule === 'ccsr-default-category'
      ? table.defaultInpatientOf(a) === table.defaultInpatientOf(b)
        ? table.defaultInpatientOf(a)
        : null
      : (ca.find((c) => cb.includes(c)) ?? null);
  if (shared === null) return null;
  return {
    key: shared,
    label: `AHRQ CCSR ${shared}`,
    ccsr: { table: table.citation, fallback: null },
  };
}

function pairSimilarity(
  a: string,
  b: string,
  rule: SimilarityRule,
  codes: CompiledCodeSets,
  ccsr: CcsrTable | null,
): Omit<DiagnosisSimilarity, 'rule' | 'indexDiagnosis' | 'readmissionDiagnosis'> | null {
  switch (rule) {
    case 'icd10-category':
      return icd10Category(a) === icd10Category(b) ? { key: icd10Category(a), label: null } : null;
    case 'clinical-group': {
      const gb = codes.clinicalGroups.match(b);
      const shared = codes.clinicalGroups
        .match(a)
        .find((x) => gb.some((y) => y.value.id === x.value.id));
      return shared ? { key: shared.value.id, label: shared.value.label } : null;
    }
    case 'ccsr-category':
    case 'ccsr-default-category':
      return ccsr === null ? null : ccsrMatch(a, b, rule, ccsr);
  }
}

function similarity(
  index: string[],
  readmit: string[],
  rules: readonly SimilarityRule[],
  codes: CompiledCodeSets,
  ccsr: CcsrTable | null,
): DiagnosisSimilarity | null {
  for (const rule of rules) {
    for (const a of index) {
      for (const b of readmit) {
        const match = pairSimilarity(a, b, rule, codes, ccsr);
        if (match) return { rule, ...match, indexDiagnosis: a, readmissionDiagnosis: b };
      }
    }
  }
  return null;
}

/** The ICD-10-PCS codes the episode's records reported. */
function episodeProcedures(
  episode: InpatientEpisode,
  profile: ClinicalProfile,
): ClinicalProfile['procedures'] {
  const sources = episode.stays.flatMap((s) => s.reportedBy);
  return profile.procedures.filter((p) =>
    sources.some((r) => r.id === p.source.id && r.kind === p.source.kind),
  );
}

/** A transplant of the transplant code set (ICD-10-PCS, CPT, MS-DRG) among the procedures. */
function transplantReason(
  procedures: ClinicalProfile['procedures'],
  codes: CompiledCodeSets,
): string | null {
  for (const p of procedures) {
    const hit = codes.transplantProcedures[p.system].match(p.code)[0];
    if (hit && hit.value.kind === 'organ') return `transplant procedure ${p.code}`;
  }
  return null;
}

/** 2025.1/2026.1: always planned by the PR.2 code set (Z51.11, Z51.12, Z51.89) or a transplant. */
function alwaysPlannedReason(
  episode: InpatientEpisode,
  procedures: ClinicalProfile['procedures'],
  codes: CompiledCodeSets,
): string | null {
  for (const dx of principalDiagnoses(episode)) {
    if (codes.plannedReadmissionDiagnoses.match(dx).length > 0) return `principal diagnosis ${dx}`;
  }
  return transplantReason(procedures, codes);
}

/**
 * CMS Planned Readmission Algorithm v4.0 (`cms-pra-v4`): planned when a procedure is always planned
 * (PR.1, or a transplant of the code set: CPT and MS-DRG say the same), a principal diagnosis is
 * always planned (PR.2), or a procedure is potentially planned (PR.3) and no principal diagnosis
 * is acute (PR.4). A principal diagnosis the tables do not classify (a code newer than them) counts
 * as acute: a readmission is never hidden for want of data.
 */
function cmsPlannedReason(
  episode: InpatientEpisode,
  procedures: ClinicalProfile['procedures'],
  codes: CompiledCodeSets,
  table: PlannedReadmissionTable,
): string | null {
  const pcs = procedures.filter((p) => p.system === 'ICD-10-PCS');
  const pr1 = pcs.find((p) => table.procedureClass(p.code) === 'always-planned');
  if (pr1) return `PR.1 always-planned procedure ${pr1.code} (${table.citation})`;
  const transplant = transplantReason(procedures, codes);
  if (transplant) return `PR.1 ${transplant}`;
  const diagnoses = principalDiagnoses(episode);
  const pr2 = diagnoses.find((dx) => table.diagnosisClass(dx) === 'always-planned');
  if (pr2) return `PR.2 always-planned principal diagnosis ${pr2} (${table.citation})`;
  const pr3 = pcs.find((p) => table.procedureClass(p.code) === 'potentially-planned');
  if (!pr3 || diagnoses.length === 0) return null;
  const acute = diagnoses.some((dx) => table.diagnosisClass(dx) !== 'not-acute');
  return acute
    ? null
    : `PR.3 potentially planned procedure ${pr3.code} without an acute principal diagnosis (PR.4; ${diagnoses.join(', ')}; ${table.citation})`;
}

/** Why the readmission episode is planned under the version's rule, or null. */
function plannedReason(
  episode: InpatientEpisode,
  profile: ClinicalProfile,
  codes: CompiledCodeSets,
  table: PlannedReadmissionTable | null,
): string | null {
  const procedures = episodeProcedures(episode, profile);
  return table === null
    ? alwaysPlannedReason(episode, procedures, codes)
    : cmsPlannedReason(episode, procedures, codes, table);
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

/** How a CCSR rule decided: the table, or the 3-character fallback for a code it lacks. */
function similarityNote(s: DiagnosisSimilarity): string {
  if (!s.ccsr) return '';
  return s.ccsr.fallback === 'code-not-in-table'
    ? `: a diagnosis not in ${s.ccsr.table}, compared by its 3-character category`
    : `, ${s.ccsr.table}`;
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
  references: CriteriaReferences = {},
): CriterionResult<ReadmissionEvidence> {
  const cfg = config.readmission;
  const codes = codeSetsFor(config.codeSetVersion);
  const ccsr = cfg.similarity.some((r) => CCSR_RULES.includes(r))
    ? (references.ccsr ?? loadCcsrTable())
    : null;
  const plannedTable =
    cfg.excludePlanned && cfg.plannedRule === 'cms-pra-v4'
      ? (references.plannedReadmission ?? loadPlannedReadmissionTable())
      : null;
  const window = lookbackWindow(asOf, cfg.lookbackMonths);
  const episodes = reconciled ?? reconcileInpatientStays(profile.inpatientStays, config.inpatient);
  const readmissions: Readmission[] = [];
  let other = 0;
  const planned: ReadmissionEvidence['planned'] = [];
  for (let i = 1; i < episodes.length; i++) {
    const next = episodes[i]!;
    if (!inWindow(next.admissionDate, window)) continue;
    const candidates = indexCandidates(episodes, i, cfg);
    if (candidates.length === 0) continue;
    const reason = cfg.excludePlanned ? plannedReason(next, profile, codes, plannedTable) : null;
    if (reason !== null) {
      planned.push({ admissionDate: next.admissionDate, reason });
      continue;
    }
    let found: Readmission | null = null;
    for (const { index, days } of candidates) {
      const sim = similarity(
        principalDiagnoses(index),
        principalDiagnoses(next),
        cfg.similarity,
        codes,
        ccsr,
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
    (planned.length > 0
      ? ` ${planned.length} planned (CMS Planned Readmission Algorithm), not counted.`
      : '') +
    (assumedTransfers > 0
      ? ` ${assumedTransfers} same- or next-day admission(s) after a stay with no discharge status treated as transfer(s), not readmissions (inpatient.unknownDisposition: ${config.inpatient.unknownDisposition}).`
      : '');
  const summary = latest
    ? `Readmitted ${latest.readmission.admissionDate}, ${latest.daysAfterDischarge} days after the discharge of ${latest.index.dischargeDate}, ` +
      `${latest.similarity.readmissionDiagnosis} vs ${latest.similarity.indexDiagnosis} (${latest.similarity.rule} ${latest.similarity.key}${similarityNote(latest.similarity)}).` +
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
      plannedReadmissions: planned.length,
      planned,
    },
  };
}
