import { logLevel } from 'kafkajs';
import type { MessagingLogger } from '../logger';
import { createKafkaClient } from './client';
import { kafkaLogSeverity } from './kafka-log';

const COORDINATOR_RESPONSE = 'Response GroupCoordinator(key: 10, version: 2)';

describe('kafkaLogSeverity', () => {
  it('writes a broker response with an error kafkajs retries as a warning', () => {
    expect(
      kafkaLogSeverity(
        logLevel.ERROR,
        COORDINATOR_RESPONSE,
        'The group coordinator is not available',
      ),
    ).toBe('warn');
    expect(
      kafkaLogSeverity(
        logLevel.ERROR,
        'Response Produce(key: 0, version: 7)',
        'This server is not the leader for that topic-partition',
      ),
    ).toBe('warn');
  });

  it('keeps a response with an error kafkajs does not retry as an error', () => {
    expect(
      kafkaLogSeverity(
        logLevel.ERROR,
        'Response Metadata(key: 3, version: 6)',
        'Not authorized to access topics: [Topic authorization failed]',
      ),
    ).toBe('error');
  });

  it('keeps a retriable error as an error once it is no longer a single response (retries ran out)', () => {
    expect(
      kafkaLogSeverity(
        logLevel.ERROR,
        'Crash: KafkaJSNumberOfRetriesExceeded: The group coordinator is not available',
        'The group coordinator is not available',
      ),
    ).toBe('error');
    expect(kafkaLogSeverity(logLevel.ERROR, COORDINATOR_RESPONSE, undefined)).toBe('error');
  });

  it("writes the producer's entry before it retries a send as a warning, not what it cannot retry", () => {
    expect(
      kafkaLogSeverity(
        logLevel.ERROR,
        'Failed to send messages: There is no leader for this topic-partition as we are in the middle of a leadership election',
        undefined,
      ),
    ).toBe('warn');
    expect(
      kafkaLogSeverity(
        logLevel.ERROR,
        'The request included a message larger than the max message size the server will accept',
        undefined,
      ),
    ).toBe('error');
  });

  it('passes warnings through and writes the rest at debug', () => {
    expect(kafkaLogSeverity(logLevel.WARN, 'anything', undefined)).toBe('warn');
    expect(kafkaLogSeverity(logLevel.INFO, 'anything', undefined)).toBe('debug');
    expect(kafkaLogSeverity(logLevel.DEBUG, 'anything', undefined)).toBe('debug');
  });
});

describe('createKafkaClient logging', () => {
  it("routes kafkajs's own log entries through the severity rule, with their fields", () => {
    const written: [string, string, Record<string, unknown> | undefined][] = [];
    const record =
      (level: string) =>
      (message: string, fields?: Record<string, unknown>): void => {
        written.push([level, message, fields]);
      };
    const logger: MessagingLogger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const kafka = createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'spec' }, logger);
    kafka.logger().error(COORDINATOR_RESPONSE, {
      error: 'The group coordinator is not available',
      correlationId: 2,
    });
    kafka
      .logger()
      .error('Crash: KafkaJSNonRetriableError', { error: 'Topic authorization failed' });
    expect(written).toEqual([
      [
        'warn',
        `kafka: ${COORDINATOR_RESPONSE}`,
        expect.objectContaining({
          error: 'The group coordinator is not available',
          correlationId: 2,
        }),
      ],
      [
        'error',
        'kafka: Crash: KafkaJSNonRetriableError',
        expect.objectContaining({ error: 'Topic authorization failed' }),
      ],
    ]);
  });
});
