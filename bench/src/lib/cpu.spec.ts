import { describeCpuPerEvent, type CpuSample } from './cpu';

const sample = (at: number, machineBusyMs: number, processes: [string, string, number][]) =>
  ({
    byProcess: new Map(processes.map(([key, group, ms]) => [key, { group, ms }])),
    groups: ['service', 'PostgreSQL'],
    machineBusyMs,
    at,
  }) satisfies CpuSample;

describe('CPU per event between two samples', () => {
  it('counts what each process used in between, a new process wholly, an exited one not at all', () => {
    const before = sample(0, 10_000, [
      ['10:1', 'service', 1_000],
      ['20:1', 'PostgreSQL', 500],
      // An idle connection with a long past that closes during the phase.
      ['21:1', 'PostgreSQL', 9_000],
    ]);
    const after = sample(1_000, 11_200, [
      ['10:1', 'service', 1_400],
      ['20:1', 'PostgreSQL', 700],
      // A connection opened during the phase.
      ['22:9', 'PostgreSQL', 100],
    ]);
    const text = describeCpuPerEvent(before, after, 1_000, 'the phase');
    // service 400 ms and PostgreSQL 200 + 100 ms over 1000 events; the machine 1200 ms.
    expect(text).toContain('service 400 µs (40% of a core)');
    expect(text).toContain('PostgreSQL 300 µs (30% of a core)');
    expect(text).toContain('everything else 500 µs (50% of a core)');
    expect(text).toContain('the machine 1,200 µs per event');
  });
});
