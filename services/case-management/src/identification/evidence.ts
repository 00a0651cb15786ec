import type {
  CcmEvaluation as CriteriaEvaluation,
  CriterionEvidence as LibEvidence,
  CriterionId,
  InpatientEpisode,
  SourceKind,
  SourceRef,
} from '@careflow/ccm-criteria';
import type { CriterionEvidence, IdentificationSource } from '@careflow/contracts';

/**
 * Translation of the criteria library's rich evidence into the contract's `ccm.evaluations.v1`
 * evidence (claims, encounters, stays, codes, count, window): presentation only, no criteria logic.
 */

const LIMITS = { ids: 200, stays: 50, codes: 200, summary: 1000 } as const;

/** The data feed a profile record came from, as an identification source of `ccm.cases.v1`. */
export const SOURCE_KIND_TO_IDENTIFICATION: Record<SourceKind, IdentificationSource> = {
  'medical-claim': 'medical-claims',
  'adt-discharge': 'adt-discharges',
  'pharmacy-claim': 'pharmacy-claims',
  encounter: 'encounters',
  'lab-result': 'lab-results',
  'mtm-review': 'mtm-reviews',
};

/** The identification source of each consumed clinical topic. */
export const TOPIC_TO_IDENTIFICATION: Readonly<Record<string, IdentificationSource>> = {
  'claims.medical.v1': 'medical-claims',
  'adt.discharges.v1': 'adt-discharges',
  'adt.stays.v1': 'adt-discharges',
  'claims.pharmacy.v1': 'pharmacy-claims',
  'encounters.v1': 'encounters',
  'labs.results.v1': 'lab-results',
  'mtm.events.v1': 'mtm-reviews',
};

class EvidenceBuilder {
  readonly claimIds = new Set<string>();
  readonly encounterIds = new Set<string>();
  readonly codes = new Set<string>();
  readonly stays: CriterionEvidence['stays'] = [];
  readonly kinds = new Set<SourceKind>();

  source(ref: SourceRef): void {
    this.kinds.add(ref.kind);
    switch (ref.kind) {
      case 'medical-claim':
      case 'pharmacy-claim':
        this.claimIds.add(ref.id);
        break;
      case 'adt-discharge':
      case 'encounter':
        this.encounterIds.add(ref.id);
        break;
      case 'lab-result':
      case 'mtm-review':
        break;
    }
  }

  code(code: string): void {
    if (code.length > 0 && code.length <= 20) this.codes.add(code);
  }

  episode(episode: InpatientEpisode): void {
    for (const stay of episode.stays) {
      for (const ref of stay.reportedBy) this.source(ref);
      const first = stay.reportedBy[0];
      if (!first) continue;
      this.stays.push({
        sourceId: first.id,
        facilityNpi: stay.facilityNpi,
        admissionDate: stay.admissionDate,
        dischargeDate: stay.dischargeDate,
        principalDiagnosis: stay.principalDiagnosis,
      });
    }
  }

  build(evidence: LibEvidence, count: number | null): CriterionEvidence {
    return {
      criterionId: evidence.criterionId,
      summary: evidence.summary.slice(0, LIMITS.summary),
      claimIds: [...this.claimIds].slice(0, LIMITS.ids),
      encounterIds: [...this.encounterIds].slice(0, LIMITS.ids),
      stays: this.stays.slice(0, LIMITS.stays),
      codes: [...this.codes].slice(0, LIMITS.codes),
      count,
      windowStart: evidence.window.from,
      windowEnd: evidence.window.to,
    };
  }
}

function describe(evidence: LibEvidence): { evidence: CriterionEvidence; kinds: Set<SourceKind> } {
  const b = new EvidenceBuilder();
  let count: number | null = null;
  switch (evidence.criterionId) {
    case 'major-organ-transplant':
      for (const f of evidence.findings) {
        b.source(f.source);
        b.code(f.code);
      }
      count = evidence.findings.length;
      break;
    case 'major-trauma':
      for (const f of evidence.findings) {
        b.source(f.source);
        if (f.drg) b.code(f.drg.code);
        for (const injury of f.injuries) b.code(injury.code);
      }
      count = evidence.findings.length;
      break;
    case 'four-or-more-chronic-conditions':
      for (const condition of evidence.conditions) {
        for (const ref of condition.sources) b.source(ref);
        for (const c of condition.codes) b.code(c.code);
        for (const l of condition.labResults) {
          b.source({ kind: 'lab-result', id: l.resultId });
          b.code(l.loinc);
        }
      }
      count = evidence.count;
      break;
    case 'three-or-more-admissions-12-months':
      for (const episode of evidence.admissions) b.episode(episode);
      count = evidence.count;
      break;
    case 'readmission-30-days-same-condition':
      for (const r of evidence.readmissions) {
        b.episode(r.index);
        b.episode(r.readmission);
        b.code(r.similarity.indexDiagnosis);
        b.code(r.similarity.readmissionDiagnosis);
      }
      count = evidence.readmissions.length;
      break;
    case 'polypharmacy-over-30-per-quarter': {
      for (const fill of evidence.fills) {
        b.source({ kind: 'pharmacy-claim', id: fill.claimId });
        b.code(fill.ndc);
      }
      const quarter = evidence.quarters.find((q) => q.quarter === evidence.qualifyingQuarter);
      count = quarter?.prescriptions ?? null;
      if (evidence.rule === 'mtm-medication-count' && quarter?.mtm) {
        b.source({ kind: 'mtm-review', id: quarter.mtm.reviewId });
        count = quarter.mtm.prescriptions;
      }
      if (quarter) {
        return {
          evidence: {
            ...b.build(evidence, count),
            windowStart: quarter.from,
            windowEnd: quarter.to,
          },
          kinds: b.kinds,
        };
      }
      break;
    }
    case 'cancer-multiple-modalities':
      for (const d of evidence.diagnoses) {
        b.code(d.code);
        for (const ref of d.sources) b.source(ref);
      }
      for (const m of evidence.modalities) {
        for (const f of m.findings) {
          b.source(f.source);
          b.code(f.code);
        }
      }
      count = evidence.modalities.length;
      break;
  }
  return { evidence: b.build(evidence, count), kinds: b.kinds };
}

export interface PublishedEvaluation {
  readonly criteriaMet: CriterionId[];
  /** One entry per criterion met, in the contract's shape. */
  readonly evidence: CriterionEvidence[];
  /** The data feeds whose records satisfied the criteria met. */
  readonly sources: IdentificationSource[];
  readonly policyVersion: string;
}

/** The contract view of a criteria evaluation: evidence of the criteria met only. */
export function toPublishedEvaluation(evaluation: CriteriaEvaluation): PublishedEvaluation {
  const evidence: CriterionEvidence[] = [];
  const kinds = new Set<SourceKind>();
  for (const id of evaluation.criteriaMet) {
    const described = describe(evaluation.evidence[id]);
    evidence.push(described.evidence);
    for (const k of described.kinds) kinds.add(k);
  }
  return {
    criteriaMet: [...evaluation.criteriaMet],
    evidence,
    sources: [...kinds].map((k) => SOURCE_KIND_TO_IDENTIFICATION[k]),
    policyVersion: evaluation.policyVersion,
  };
}
