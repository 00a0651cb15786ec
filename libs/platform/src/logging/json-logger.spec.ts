import { JsonLogger } from './json-logger';

describe('JsonLogger', () => {
  it('writes JSON lines and never the values of PHI fields', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('test', 'debug', (line) => lines.push(line));
    logger.info('coverage stored', {
      memberId: 'M1',
      member: { firstName: 'Ada', lastName: 'Lovelace', birthDate: '1815-12-10' },
      claims: [{ diagnosisCodes: ['E11.9'], claimId: 'C1' }],
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: 'info',
      service: 'test',
      msg: 'coverage stored',
      memberId: 'M1',
    });
    expect(lines[0]).not.toMatch(/Ada|Lovelace|1815|E11\.9/);
    expect(line.claims[0].claimId).toBe('C1');
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('test', 'warn', (line) => lines.push(line));
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
  });
});
