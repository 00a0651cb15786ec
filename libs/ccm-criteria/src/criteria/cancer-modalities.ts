import type { ClinicalProfile, DiagnosisRecord, SourceRef } from '../clinical-profile';
import {
  CANCER_MODALITIES,
  codeSetsFor,
  type CancerModality,
  type ModalityRef,
} from '../code-sets';
import type { CcmCriteriaConfig } from '../config';
import { lookbackWindow, type IsoDate, compareStrings } from '../dates';
import {
  latestDistinctSources,
  MAX_LISTED_SOURCES,
  type CodeFinding,
  type CriterionResult,
  type EvidenceBase,
} from './types';

export interface CancerDiagnosisFinding {
  code: string;
  matchedSpec: string;
  firstDate: IsoDate;
  lastDate: IsoDate;
  sources: Array<SourceRef & { date: IsoDate }>;
}

/** Why a modality code counted as cancer treatment. */
export type ModalityBasis =
  'inherently-oncologic' | 'cancer-principal-diagnosis' | 'cancer-diagnosis-on-record';

export interface ModalityFinding extends CodeFinding {
  modality: CancerModality;
  groupId: string;
  label: string;
  basis: ModalityBasis;
}

export interface ModalityEvidence {
  modality: CancerModality;
  firstDate: IsoDate;
  lastDate: IsoDate;
  count: number;
  /** The most recent findings (at most MAX_LISTED_SOURCES). */
  findings: ModalityFinding[];
}

export interface CancerEvidence extends EvidenceBase {
  criterionId: 'cancer-multiple-modalities';
  rule: 'cancer-with-multiple-modalities' | null;
  threshold: number;
  diagnoses: CancerDiagnosisFinding[];
  modalities: ModalityEvidence[];
}

const sourceKey = (s: SourceRef) => `${s.kind}:${s.id}`;

/**
 * Met when, within the look-back, the member has a cancer diagnosis (C00–C96 less C44; D00–D09 less
 * D04 when `includeInSitu`) and treatment in at least `minModalities` (2) of: surgery,
 * chemotherapy/immunotherapy, radiation, transplant, CAR-T. A modality code that is not cancer
 * treatment by itself counts only on a record whose principal diagnosis (or, with
 * `modalityRecordDiagnosis: any`, any diagnosis) is cancer or an antineoplastic-therapy encounter.
 */
export function cancerMultipleModalities(
  profile: ClinicalProfile,
  asOf: IsoDate,
  config: CcmCriteriaConfig,
): CriterionResult<CancerEvidence> {
  const cfg = config.cancer;
  const codes = codeSetsFor(config.codeSetVersion);
  const window = lookbackWindow(asOf, cfg.lookbackMonths);
  const isCancer = (code: string) =>
    codes.malignant.first(code) ?? (cfg.includeInSitu ? codes.inSitu.first(code) : null);

  const diagnoses = new Map<string, { spec: string; records: DiagnosisRecord[] }>();
  /** Source records whose diagnoses make their procedures cancer treatment: key → basis. */
  const oncologicRecords = new Map<string, ModalityBasis>();
  const modalityFindings: ModalityFinding[] = [];
  for (const d of profile.diagnoses) {
    if (d.date < window.from || d.date > window.to) continue;
    const cancer = isCancer(d.code);
    if (cancer) {
      const f = diagnoses.get(d.code);
      if (f) f.records.push(d);
      else diagnoses.set(d.code, { spec: cancer.spec, records: [d] });
    }
    const onRecord = cancer !== null || codes.antineoplasticEncounters.first(d.code) !== null;
    if (onRecord) {
      const key = sourceKey(d.source);
      if (d.position === 0) oncologicRecords.set(key, 'cancer-principal-diagnosis');
      else if (cfg.modalityRecordDiagnosis === 'any' && !oncologicRecords.has(key)) {
        oncologicRecords.set(key, 'cancer-diagnosis-on-record');
      }
    }
    for (const m of codes.modalityDiagnoses.match(d.code)) {
      if (m.value.inherentlyOncologic) {
        modalityFindings.push(
          finding('ICD-10-CM', d.code, m.spec, d.date, d.source, m.value, 'inherently-oncologic'),
        );
      }
    }
  }
  if (diagnoses.size > 0) {
    for (const p of profile.procedures) {
      if (p.date < window.from || p.date > window.to) continue;
      const matches = codes.modalityProcedures[p.system].match(p.code);
      if (matches.length === 0) continue;
      const recordBasis = oncologicRecords.get(sourceKey(p.source));
      for (const m of matches) {
        const basis = m.value.inherentlyOncologic ? 'inherently-oncologic' : recordBasis;
        if (basis)
          modalityFindings.push(
            finding(p.system, p.code, m.spec, p.date, p.source, m.value, basis),
          );
      }
    }
  }
  const modalities = summarizeModalities(modalityFindings);
  const met = diagnoses.size > 0 && modalities.length >= cfg.minModalities;
  const dx: CancerDiagnosisFinding[] = [...diagnoses]
    .map(([code, { spec, records }]) => {
      let firstDate = records[0]?.date ?? asOf;
      let lastDate = firstDate;
      for (const r of records) {
        if (r.date < firstDate) firstDate = r.date;
        if (r.date > lastDate) lastDate = r.date;
      }
      return {
        code,
        matchedSpec: spec,
        firstDate,
        lastDate,
        sources: latestDistinctSources(records),
      };
    })
    .sort((a, b) => compareStrings(b.lastDate, a.lastDate) || compareStrings(a.code, b.code));
  const summary =
    diagnoses.size === 0
      ? `No cancer diagnosis since ${window.from}.`
      : `Cancer (${dx.map((d) => d.code).join(', ')}) with ${modalities.length} treatment modalit${modalities.length === 1 ? 'y' : 'ies'}` +
        `${modalities.length > 0 ? ` (${modalities.map((m) => m.modality).join(', ')})` : ''} since ${window.from}` +
        ` — ${met ? 'meets' : 'below'} the threshold of ${cfg.minModalities}.`;
  return {
    met,
    evidence: {
      criterionId: 'cancer-multiple-modalities',
      met,
      rule: met ? 'cancer-with-multiple-modalities' : null,
      summary,
      window,
      threshold: cfg.minModalities,
      diagnoses: dx,
      modalities: diagnoses.size > 0 ? modalities : [],
    },
  };
}

function finding(
  system: CodeFinding['system'],
  code: string,
  matchedSpec: string,
  date: IsoDate,
  source: SourceRef,
  ref: ModalityRef,
  basis: ModalityBasis,
): ModalityFinding {
  return {
    system,
    code,
    matchedSpec,
    date,
    source,
    modality: ref.modality,
    groupId: ref.groupId,
    label: ref.label,
    basis,
  };
}

/** Findings per modality, in the fixed modality order; one finding per code per source record. */
function summarizeModalities(findings: ModalityFinding[]): ModalityEvidence[] {
  const out: ModalityEvidence[] = [];
  for (const modality of CANCER_MODALITIES) {
    const seen = new Set<string>();
    const mine = findings
      .filter((f) => f.modality === modality)
      .sort((a, b) => compareStrings(b.date, a.date))
      .filter((f) => {
        const k = `${sourceKey(f.source)}|${f.system}|${f.code}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    if (mine.length === 0) continue;
    let firstDate = mine[0]?.date ?? '';
    for (const f of mine) if (f.date < firstDate) firstDate = f.date;
    out.push({
      modality,
      firstDate,
      lastDate: mine[0]?.date ?? firstDate,
      count: mine.length,
      findings: mine.slice(0, MAX_LISTED_SOURCES),
    });
  }
  return out;
}
