/**
 * Laboratory results as evidence of a chronic condition (code set `labEvidence`): a result of one
 * of a rule's LOINC codes, in its unit (or a convertible one), on the qualifying side of the
 * published threshold, counts; the condition is established when enough qualifying results lie
 * far enough apart (ADA: two abnormal results; KDIGO: more than 3 months).
 */
import type { LabResultRecord } from '../clinical-profile';
import type { LabConditionRule, LabTest } from '../code-sets';
import { daysBetween, type DateWindow, type IsoDate } from '../dates';

export interface LabFinding {
  resultId: string;
  testId: string;
  loinc: string;
  date: IsoDate;
  /** The value in the rule's unit (after conversion). */
  value: number | null;
  unit: string;
}

/** UCUM spellings compared loosely: `mL/min/{1.73_m2}` = `ml/min/1.73m2`. */
function unitKey(unit: string): string {
  return unit
    .toLowerCase()
    .replace(/[\s{}_²]/g, '')
    .replace('m^2', 'm2');
}

const POSITIVE_TEXT = /^(detected|positive|reactive)$/i;

/** `7.1`, `"7.1"`, `">14.0"`, `"<20"` → comparator and number; null when not numeric. */
function parseValue(value: string | number | null): { op: string; n: number } | null {
  if (typeof value === 'number') return Number.isFinite(value) ? { op: '', n: value } : null;
  if (value === null) return null;
  const m = /^\s*(<=|>=|<|>)?\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value);
  return m ? { op: m[1] ?? '', n: Number(m[2]) } : null;
}

function inRuleUnit(test: LabTest, n: number, unit: string | null): number | null {
  if (unit === null || unitKey(unit) === unitKey(test.unit)) return n;
  const c = test.conversions.find((x) => unitKey(x.unit) === unitKey(unit));
  return c ? n * c.multiply + c.add : null;
}

/** The result in the test's unit when it is on the qualifying side of the threshold, else undefined. */
function qualifies(test: LabTest, r: LabResultRecord): { value: number | null } | undefined {
  if (
    test.comparison === 'detected' &&
    typeof r.value === 'string' &&
    POSITIVE_TEXT.test(r.value.trim())
  )
    return { value: null };
  const parsed = parseValue(r.value);
  if (!parsed) return undefined;
  const n = inRuleUnit(test, parsed.n, r.unit);
  if (n === null) return undefined;
  // A censored value ("<20", ">14") qualifies only when every value it stands for would.
  switch (test.comparison) {
    case 'at-least':
      return parsed.op.startsWith('<') || n < test.threshold ? undefined : { value: n };
    case 'below':
      return parsed.op.startsWith('>') || n >= test.threshold ? undefined : { value: n };
    case 'detected':
      return parsed.op.startsWith('<') || n <= test.threshold ? undefined : { value: n };
  }
}

/** Qualifying results of a rule in the window, oldest first, and whether they establish it. */
export function labFindings(
  rule: LabConditionRule,
  labs: readonly LabResultRecord[],
  window: DateWindow,
): { findings: LabFinding[]; established: boolean } {
  const findings: LabFinding[] = [];
  for (const r of labs) {
    if (r.resultDate < window.from || r.resultDate > window.to) continue;
    const test = rule.tests.find((t) => t.loinc.includes(r.loinc.trim()));
    if (!test) continue;
    const q = qualifies(test, r);
    if (!q) continue;
    findings.push({
      resultId: r.resultId,
      testId: test.id,
      loinc: r.loinc.trim(),
      date: r.resultDate,
      value: q.value,
      unit: test.unit,
    });
  }
  findings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = findings[0];
  const last = findings[findings.length - 1];
  const established =
    first !== undefined &&
    last !== undefined &&
    findings.length >= rule.minResults &&
    daysBetween(first.date, last.date) >= rule.minDaysApart;
  return { findings, established };
}
