import { CommandValidationError, parseCommand } from '@careflow/platform';
import { coverageUpdatedSamples } from '@careflow/contracts';
import { ingestCoverageCommand } from './ingest-coverage.use-case';

const data = coverageUpdatedSamples[0];

function issuesOf(input: unknown): readonly string[] {
  try {
    parseCommand(ingestCoverageCommand, input, 'coverage.updated event id or time');
  } catch (error) {
    expect(error).toBeInstanceOf(CommandValidationError);
    return (error as CommandValidationError).issues;
  }
  return [];
}

describe('the coverage ingest command', () => {
  it('takes events whose id and time fit the published span', () => {
    expect(issuesOf({ events: [{ id: 'evt-1', time: '2025-07-01T12:00:00Z', data }] })).toEqual([]);
  });

  it('refuses an id that cannot be a sourceEventId and a time that is no timestamp', () => {
    const issues = issuesOf({ events: [{ id: 'has a space', time: 'yesterday', data }] });
    expect(issues.some((issue) => issue.startsWith('events.0.id: '))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('events.0.time: '))).toBe(true);
    expect(issues.join('\n')).not.toContain('yesterday');
  });
});
