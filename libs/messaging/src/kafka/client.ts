import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { MessagingLogger } from '../logger';
import { kafkaLogSeverity } from './kafka-log';
import { noDelaySocketFactory } from './socket';

export interface KafkaConnectionOptions {
  /** `host:port` list. */
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/** One kafkajs client per process, logging through the service's structured logger. */
export function createKafkaClient(options: KafkaConnectionOptions, logger: MessagingLogger): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
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
