import type { BenchResult } from './result';
import { TARGETS, judge, memoryFigure, summarizeTargets, targetOf } from './targets';

function result(name: string, part: Partial<BenchResult>): BenchResult {
  return {
    name,
    title: name,
    issue: '#29',
    status: 'ok',
    figures: [],
    latencies: [],
    skipped: [],
    notes: [],
    durationMs: 1,
    ...part,
  };
}

describe('#29 targets', () => {
  it('judges ratios, ceilings and floors by the definitions', () => {
    expect(judge('routing-full-ratio', 3000, 10_000).met).toBe(true);
    expect(judge('routing-full-ratio', 2999, 10_000).met).toBe(false);
    expect(judge('routing-full-ratio', 3000, null).met).toBeNull();
    expect(judge('asof-p99', 19.9).met).toBe(true);
    expect(judge('asof-p99', 20).met).toBe(false);
    expect(judge('pcp-notices', 1000).met).toBe(true);
    expect(judge('pcp-notices', null).met).toBeNull();
    expect(memoryFigure('eligibility', 300 * 1024).target?.met).toBe(false);
  });

  it('lists every target: met, not met with the figure that broke it, and not run with why', () => {
    const rows = summarizeTargets([
      result('routing', {
        figures: [
          {
            label: 'full speed',
            kind: 'throughput',
            value: 4000,
            unit: 'decisions/s',
            baseline: { label: 'raw', value: 10_000 },
            target: judge('routing-full-ratio', 4000, 10_000),
          },
          memoryFigure('authorization-routing', 200 * 1024),
        ],
        latencies: [
          { label: 'window 1', count: 10, p50: 3, p95: 5, p99: 30, max: 40, target: targetOf('routing-p99', false) },
        ], // prettier-ignore
      }),
      result('mixed', { status: 'not-run', reason: 'pcp-notification does not build\nlog' }),
      result('case-management', { figures: [memoryFigure('case-management', 600 * 1024)] }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(Object.keys(TARGETS));
    const row = (id: string) => rows.find((r) => r.id === id)!;
    expect(row('routing-full-ratio')).toMatchObject({
      status: 'met',
      figure: 'full speed: 4,000 decisions/s',
      baseline: 'raw: 10,000 decisions/s (0.40x)',
    });
    expect(row('routing-p99')).toMatchObject({ status: 'not met', why: 'window 1' });
    expect(row('service-memory')).toMatchObject({
      status: 'not met',
      why: 'case-management peak memory (VmHWM)',
    });
    expect(row('mixed-ratio')).toMatchObject({
      status: 'not run',
      why: '`mixed` did not run: pcp-notification does not build',
    });
    expect(row('soak-flat')).toMatchObject({
      status: 'not run',
      why: '`soak` was not part of this run',
    });
    expect(row('ccm-ratio')).toMatchObject({
      status: 'not run',
      why: '`case-management` has no figure for it yet',
    });
  });
});
