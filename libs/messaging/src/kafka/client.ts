import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { MessagingLogger } from '../logger';
import { kafkaLogSeverity } from './kafka-log';
import type { KafkaConnectionOptions } from './security';
import { noDelaySocketFactory } from './socket';

/**
 * One kafkajs client per process, logging through the service's structured logger. Build the
 * options with `kafkaConnectionOptions` so TLS and SASL come from the validated settings.
 */
export function createKafkaClient(options: KafkaConnectionOptions, logger: MessagingLogger): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
    ...(options.sasl !== undefined ? { sasl: options.sasl } : {}),
    socketFactory: noDelaySocketFactory,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
        logger[kafkaLogSeverity(level, message, fields['error'])](`kafka: ${message}`, fields);
      },
  });
}
