import { ParameterFreeQueryLogger } from './query-logger';
import { QueryRunnerProviderAlreadyReleasedError, type Logger } from 'typeorm';
import { isUnavailable, serviceDataSourceOptions } from './data-source';

describe('ParameterFreeQueryLogger', () => {
  const profile = JSON.stringify({
    firstName: 'Qzvabcd',
    birthDate: '1931-04-05',
    code: 'W55.41XA',
  });

  it('reports a failed query without its parameters', () => {
    const lines: string[] = [];
    // Through TypeORM's interface: it passes the parameters, the logger must drop them.
    const logger: Logger = new ParameterFreeQueryLogger({
      error: (message, fields) => lines.push(JSON.stringify({ message, fields })),
    });
    const error = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    logger.logQueryError(
      error,
      'UPDATE member_profiles p\n   SET profile = u.profile FROM jsonb_to_recordset($1::jsonb) AS u',
      [profile],
    );
    expect(lines).toHaveLength(1);
    const out = lines[0]!;
    expect(out).toContain('query failed');
    expect(out).toContain('UPDATE member_profiles p SET profile = u.profile');
    expect(out).toContain('57P01');
    for (const phi of ['Qzvabcd', '1931-04-05', 'W55.41XA']) expect(out).not.toContain(phi);
  });

  it('writes one JSON line to stdout by default, still without parameters', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const logger: Logger = new ParameterFreeQueryLogger();
      logger.logQueryError('boom', 'SELECT $1', [profile]);
      const out = String(write.mock.calls[0]?.[0]);
      expect(JSON.parse(out)).toMatchObject({
        level: 'error',
        msg: 'query failed',
        sql: 'SELECT $1',
      });
      expect(out).not.toContain('Qzvabcd');
    } finally {
      write.mockRestore();
    }
  });

  it('is the logger of every service data source', () => {
    const options = serviceDataSourceOptions({
      url: 'postgres://x@127.0.0.1/x',
      schema: 'some_service',
      migrations: [],
      poolSize: 1,
    });
    expect(options.logger).toBeInstanceOf(ParameterFreeQueryLogger);
  });
});

describe('isUnavailable', () => {
  it('counts a query runner released after its connection died as the database being away', () => {
    // A server-terminated connection makes TypeORM release the runner; the transaction's next
    // query throws this (seen as an HTTP 500 during the chaos run's database outage).
    expect(isUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    expect(isUnavailable(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isUnavailable(new Error('duplicate key value violates unique constraint'))).toBe(false);
  });
});
