import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { resetTracing, useTracerProvider } from '../telemetry/telemetry';
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a log line is any JSON
const parseLine = (line: string): any => JSON.parse(line);

describe('JsonLogger with pino', () => {
  const capture = (): { lines: string[]; logger: JsonLogger } => {
    const lines: string[] = [];
    return { lines, logger: new JsonLogger('test', 'debug', (line) => lines.push(line)) };
  };

  it('blanks PHI keys at any depth and in any case, keeping ids', () => {
    const { lines, logger } = capture();
    logger.warn('deep', {
      claimId: 'C9',
      a: { b: { c: { d: { FirstName: 'Grace', notes: 'called about chest pain', npi: '1234' } } } },
      list: [{ member: { birthDate: '1906-12-09', address: { line1: '1 Navy Way' } } }],
    });
    const line = JSON.parse(lines[0]!);
    expect(lines[0]).not.toMatch(/Grace|chest pain|1906|Navy/);
    expect(line.claimId).toBe('C9');
    expect(line.a.b.c.d).toEqual({ FirstName: '[redacted]', notes: '[redacted]', npi: '1234' });
    expect(line.list[0].member.birthDate).toBe('[redacted]');
  });

  it('keeps an error’s class, message and stack frames', () => {
    const { lines, logger } = capture();
    class ProbeFailure extends Error {
      override readonly name = 'ProbeFailure';
    }
    const error = new ProbeFailure('probe failed');
    logger.error('handler failed', { err: error, topic: 't' });
    logger.error(error);
    const [fields, direct] = lines.map(parseLine);
    for (const err of [fields.err, direct.err]) {
      expect(err.errorClass).toBe('ProbeFailure');
      expect(err.message).toBe('probe failed');
      expect(err.stack.length).toBeGreaterThan(0);
      expect(err.stack[0]).toMatch(/^at .*json-logger\.spec\.ts/);
    }
    expect(direct.msg).toBe('probe failed');
    expect(direct.level).toBe('error');
  });

  it('adds trace_id and span_id under an active span, and nothing without one', () => {
    const { lines, logger } = capture();
    const provider = new NodeTracerProvider();
    useTracerProvider(provider);
    let ids = { traceId: '', spanId: '' };
    try {
      provider.getTracer('test').startActiveSpan('work', (span) => {
        ids = span.spanContext();
        logger.info('inside');
        span.end();
      });
      logger.info('outside');
    } finally {
      resetTracing();
    }
    const [inside, outside] = lines.map(parseLine);
    expect(inside).toMatchObject({
      msg: 'inside',
      trace_id: ids.traceId,
      span_id: ids.spanId,
    });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(outside.trace_id).toBeUndefined();
    expect(outside.span_id).toBeUndefined();
  });
});
