import { readmeTableFrom } from './readme-table';
import { renderMarkdown, type RunInfo } from './report';

const info = (over: Partial<RunInfo>): RunInfo => ({
  startedAt: new Date('2026-12-07T20:00:00Z'),
  finishedAt: new Date('2026-12-07T20:10:00Z'),
  quick: false,
  brokers: '127.0.0.1:49092',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/careflow_bench',
  selected: ['routing', 'pcp', 'mixed'],
  available: ['rules-engine', 'routing', 'pcp', 'mixed', 'soak'],
  finished: 3,
  repoRoot: process.cwd(),
  loadAtStart: [1, 1, 1],
  ...over,
});

describe('the report says what the run covered', () => {
  it('names the benchmarks of a partial selection and those it left out', () => {
    const md = renderMarkdown(info({}), []);
    expect(md).toContain(
      'Full-size run. Benchmarks run: routing, pcp, mixed (not in this run: rules-engine, soak).',
    );
    expect(readmeTableFrom(md)).toContain('a full-size run of routing, pcp, mixed only started');
  });

  it('calls a run of every benchmark that', () => {
    const md = renderMarkdown(
      info({ selected: ['rules-engine', 'routing', 'pcp', 'mixed', 'soak'], finished: 5 }),
      [],
    );
    expect(md).toContain('Full-size run. Every benchmark.');
    expect(readmeTableFrom(md)).toContain('a full-size run started');
  });

  it('marks a report written while the run goes on', () => {
    const md = renderMarkdown(info({ finished: 1 }), [], { missing: 'drawn when the run ends' });
    expect(md).toContain('**In progress: 1 of 3 benchmarks done**');
    expect(readmeTableFrom(md)).toContain(
      'an unfinished run (1 of 3 benchmarks done), a full-size run of routing, pcp, mixed only',
    );
  });
});
