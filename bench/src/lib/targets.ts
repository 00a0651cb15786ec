/**
 * The targets of issue #29, in one place: each benchmark marks the figure a target judges with
 * `judge(id, ...)` (or `targetOf(id, met)` when the judgement needs more than one number), and the
 * report's summary lists every target with its figure, the same-run baseline and met / not met /
 * not run (`summarizeTargets`). A target no figure of the run carries is "not run", with why.
 */
import { fmt } from './stats';
import { ratioOf, type BenchResult, type Figure, type FigureTarget } from './result';

type Rule =
  | { kind: 'ratio-at-least'; ratio: number }
  | { kind: 'at-most'; limit: number }
  | { kind: 'at-least'; limit: number }
  /** Judged by the benchmark over several numbers (windows, paths, minutes, sizes). */
  | { kind: 'judged-by-benchmark' };

export interface TargetDefinition {
  /** The benchmark that measures it; null when several do (memory). */
  bench: string | null;
  text: string;
  rule: Rule;
}

export const TARGETS = {
  'ingest-ratio': {
    bench: 'coverage-ingest',
    text: 'eligibility ingest ≥ 30% of raw kafkajs consumption of the same records',
    rule: { kind: 'ratio-at-least', ratio: 0.3 },
  },
  'ingest-1m-applied': {
    bench: 'coverage-ingest',
    text: 'a file of 1,000,000 members applied (every snapshot published) in < 2 min',
    rule: { kind: 'at-most', limit: 120 },
  },
  'asof-p99': {
    bench: 'coverage-ingest',
    text: 'as-of lookups p99 < 20 ms while ingesting',
    rule: { kind: 'at-most', limit: 20 },
  },
  'routing-p99': {
    bench: 'routing',
    text: 'routing p99 < 25 ms at 200/s in every window',
    rule: { kind: 'at-most', limit: 25 },
  },
  'routing-full-ratio': {
    bench: 'routing',
    text: 'routing at full speed ≥ 30% of raw kafkajs produce + consume',
    rule: { kind: 'ratio-at-least', ratio: 0.3 },
  },
  'ccm-ratio': {
    bench: 'case-management',
    text: 'case management ≥ 30% of raw kafkajs',
    rule: { kind: 'ratio-at-least', ratio: 0.3 },
  },
  'pcp-notices': {
    bench: 'pcp',
    text: 'PCP enrollment notices ≥ 1,000/s',
    rule: { kind: 'at-least', limit: 1000 },
  },
  'mixed-ratio': {
    bench: 'mixed',
    text: 'mixed stream of all services ≥ 30% of raw kafkajs',
    rule: { kind: 'ratio-at-least', ratio: 0.3 },
  },
  'mixed-p99': {
    bench: 'mixed',
    text: 'mixed at 200 events/s: every publish-to-effect path p99 < 250 ms',
    rule: { kind: 'at-most', limit: 250 },
  },
  'service-memory': {
    bench: null,
    text: 'each service < 256 MiB RSS at its peak (VmHWM)',
    rule: { kind: 'at-most', limit: 256 },
  },
  'growth-flat': {
    bench: 'growth',
    text: 'throughput and p99 at 100k, 1M and 5M members within 20% of each other',
    rule: { kind: 'judged-by-benchmark' },
  },
  'soak-flat': {
    bench: 'soak',
    text: 'soak: RSS and p99 grow no more than 10% from minute 5 on',
    rule: { kind: 'judged-by-benchmark' },
  },
} as const satisfies Record<string, TargetDefinition>;

export type TargetId = keyof typeof TARGETS;

/** The limit of an `at-most` / `at-least` target, for benchmarks that judge several numbers by it. */
export function limitOf(id: TargetId): number {
  const rule: Rule = TARGETS[id].rule;
  if (rule.kind === 'at-most' || rule.kind === 'at-least') return rule.limit;
  if (rule.kind === 'ratio-at-least') return rule.ratio;
  throw new Error(`target ${id} has no single limit`);
}

/** A target judged elsewhere (several windows, paths, sizes or minutes). */
export function targetOf(id: TargetId, met: boolean | null): FigureTarget {
  return { id, text: TARGETS[id].text, met };
}

/** Judges `value` (and its baseline, for a ratio) by the target's rule. */
export function judge(id: TargetId, value: number | null, baseline?: number | null): FigureTarget {
  const rule: Rule = TARGETS[id].rule;
  let met: boolean | null = null;
  if (value !== null && Number.isFinite(value)) {
    if (rule.kind === 'at-most') met = value < rule.limit;
    else if (rule.kind === 'at-least') met = value >= rule.limit;
    else if (rule.kind === 'ratio-at-least') met = baseline ? value / baseline >= rule.ratio : null;
  }
  return targetOf(id, met);
}

/** A service's peak memory, judged by the memory target. */
export function memoryFigure(service: string, peakKb: number, scope = ''): Figure {
  const mib = peakKb / 1024;
  return {
    label: `${service} peak memory (VmHWM${scope ? `, ${scope}` : ''})`,
    kind: 'memory',
    value: mib,
    unit: 'MiB',
    target: judge('service-memory', mib),
  };
}

export type TargetStatus = 'met' | 'not met' | 'n/a' | 'not run';

export interface TargetRow {
  id: TargetId;
  text: string;
  figure: string;
  baseline: string;
  status: TargetStatus;
  /** Why it was not run, or which figure broke it. */
  why: string;
}

function figureText(f: Figure): string {
  return `${f.label}: ${f.value === null ? 'n/a' : `${fmt(f.value)} ${f.unit}`}`;
}

/** Every #29 target with the figures of this run that carry it. */
export function summarizeTargets(results: readonly BenchResult[]): TargetRow[] {
  return (Object.keys(TARGETS) as TargetId[]).map((id) => {
    const def: TargetDefinition = TARGETS[id];
    const texts: string[] = [];
    const baselines: string[] = [];
    const verdicts: { met: boolean | null; what: string }[] = [];
    for (const r of results) {
      for (const f of r.figures) {
        if (f.target?.id !== id) continue;
        texts.push(figureText(f));
        const ratio = ratioOf(f);
        if (f.baseline)
          baselines.push(
            `${f.baseline.label}: ${f.baseline.value === null ? 'n/a' : `${fmt(f.baseline.value)} ${f.unit}`}${ratio === null ? '' : ` (${fmt(ratio, 2)}x)`}`,
          );
        // A figure's note says which part broke it (the soak's line, the growth's pipeline).
        verdicts.push({ met: f.target.met, what: f.note ?? f.label });
      }
      for (const l of r.latencies) {
        if (l.target?.id !== id) continue;
        texts.push(`${l.label}: p99 ${fmt(l.p99, 1)} ms`);
        verdicts.push({ met: l.target.met, what: l.label });
      }
    }
    const base = { id, text: def.text, figure: texts.join('; '), baseline: baselines.join('; ') };
    if (verdicts.length === 0) return { ...base, status: 'not run', why: notRunWhy(def, results) };
    const missed = verdicts.filter((v) => v.met === false);
    if (missed.length)
      return { ...base, status: 'not met', why: missed.map((v) => v.what).join('; ') };
    if (verdicts.some((v) => v.met === null)) return { ...base, status: 'n/a', why: '' };
    return { ...base, status: 'met', why: '' };
  });
}

function notRunWhy(def: TargetDefinition, results: readonly BenchResult[]): string {
  if (def.bench === null) return 'no benchmark of this run measured it';
  const r = results.find((x) => x.name === def.bench);
  if (!r) return `\`${def.bench}\` was not part of this run`;
  if (r.status === 'not-run' || r.status === 'failed')
    return `\`${def.bench}\` ${r.status === 'failed' ? 'failed' : 'did not run'}: ${(r.reason ?? '').split('\n')[0]}`;
  return `\`${def.bench}\` has no figure for it yet`;
}
