import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { silentLogger } from '../logger';
import { isBrokerUnreachable, untilBrokerAnswers } from './broker-wait';

describe('untilBrokerAnswers', () => {
  it('retries while the broker is unreachable, then succeeds (a restart during a broker restart)', async () => {
    let calls = 0;
    const result = await untilBrokerAnswers(
      async () => {
        calls += 1;
        if (calls === 1) throw new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:19092');
        if (calls === 2)
          throw new KafkaJSNumberOfRetriesExceeded(new Error('connect ECONNREFUSED'), {
            retryCount: 8,
            retryTime: 10000,
          });
        return 'connected';
      },
      silentLogger,
      10_000,
      1,
    );
    expect(result).toBe('connected');
    expect(calls).toBe(3);
  });

  it('does not retry an error that is not about reaching the broker', async () => {
    let calls = 0;
    await expect(
      untilBrokerAnswers(
        async () => {
          calls += 1;
          throw new Error('topic configuration invalid');
        },
        silentLogger,
        10_000,
        1,
      ),
    ).rejects.toThrow('topic configuration invalid');
    expect(calls).toBe(1);
  });

  it('gives up after its timeout', async () => {
    await expect(
      untilBrokerAnswers(
        () => Promise.reject(new KafkaJSConnectionError('connect ECONNREFUSED')),
        silentLogger,
        20,
        5,
      ),
    ).rejects.toThrow('ECONNREFUSED');
  });

  it('recognises unreachable-broker errors', () => {
    expect(isBrokerUnreachable(new KafkaJSConnectionError('x'))).toBe(true);
    expect(isBrokerUnreachable(new Error('x'))).toBe(false);
    expect(isBrokerUnreachable(null)).toBe(false);
  });
});
