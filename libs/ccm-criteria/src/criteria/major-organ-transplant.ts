import type { ClinicalProfile } from '../clinical-profile';
import { codeSetsFor } from '../code-sets';
import type { CcmCriteriaConfig } from '../config';
import { inWindow, lookbackWindow, type IsoDate, compareStrings } from '../dates';
import type { CodeFinding, CriterionResult, EvidenceBase } from './types';

export type TransplantRule =
  'transplant-procedure' | 'transplant-status-diagnosis' | 'awaiting-transplant';

export interface TransplantFinding extends CodeFinding {
  kind: TransplantRule;
  organ: string;
  organLabel: string;
}

export interface TransplantEvidence extends EvidenceBase {
  criterionId: 'major-organ-transplant';
  rule: TransplantRule | null;
  organs: string[];
  findings: TransplantFinding[];
}

/**
 * Met by a transplant procedure (ICD-10-PCS, CPT, MS-DRG) in the look-back; or, when enabled, a
 * transplant status or complication diagnosis (Z94.x, T86.x) in the look-back, which shows a
 * transplant done earlier; or, when enabled, Z76.82 awaiting transplant. The rule recorded is the
 * strongest found: procedure, then status, then awaiting.
 */
export function majorOrganTransplant(
  profile: ClinicalProfile,
  asOf: IsoDate,
  config: CcmCriteriaConfig,
): CriterionResult<TransplantEvidence> {
  const cfg = config.majorOrganTransplant;
  const codes = codeSetsFor(config.codeSetVersion);
  const window = lookbackWindow(asOf, cfg.lookbackMonths);
  const findings: TransplantFinding[] = [];
  for (const p of profile.procedures) {
    if (!inWindow(p.date, window)) continue;
    for (const m of codes.transplantProcedures[p.system].match(p.code)) {
      findings.push({
        system: p.system,
        code: p.code,
        matchedSpec: m.spec,
        date: p.date,
        source: p.source,
        kind: 'transplant-procedure',
        organ: m.value.id,
        organLabel: m.value.label,
      });
    }
  }
  if (cfg.countStatusDiagnoses || cfg.countAwaitingTransplant) {
    for (const d of profile.diagnoses) {
      if (!inWindow(d.date, window)) continue;
      for (const m of codes.transplantDiagnoses.match(d.code)) {
        const awaiting = m.value.kind === 'awaiting';
        if (awaiting ? !cfg.countAwaitingTransplant : !cfg.countStatusDiagnoses) continue;
        findings.push({
          system: 'ICD-10-CM',
          code: d.code,
          matchedSpec: m.spec,
          date: d.date,
          source: d.source,
          kind: awaiting ? 'awaiting-transplant' : 'transplant-status-diagnosis',
          organ: m.value.id,
          organLabel: m.value.label,
        });
      }
    }
  }
  const order: TransplantRule[] = [
    'transplant-procedure',
    'transplant-status-diagnosis',
    'awaiting-transplant',
  ];
  const rule = order.find((r) => findings.some((f) => f.kind === r)) ?? null;
  findings.sort(
    (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || compareStrings(b.date, a.date),
  );
  const organs = [...new Set(findings.filter((f) => f.kind === rule).map((f) => f.organ))];
  const met = rule !== null;
  const summary = met
    ? `${describe(rule)}: ${organs.join(', ')} (${findings.length} finding${findings.length === 1 ? '' : 's'} since ${window.from}).`
    : `No transplant procedure${cfg.countStatusDiagnoses ? ' or transplant status diagnosis' : ''} since ${window.from}.`;
  return {
    met,
    evidence: {
      criterionId: 'major-organ-transplant',
      met,
      rule,
      summary,
      window,
      organs,
      findings,
    },
  };
}

function describe(rule: TransplantRule): string {
  switch (rule) {
    case 'transplant-procedure':
      return 'Transplant procedure';
    case 'transplant-status-diagnosis':
      return 'Transplant status or complication diagnosis';
    case 'awaiting-transplant':
      return 'Awaiting organ transplant';
  }
}
