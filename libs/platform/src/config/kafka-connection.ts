import {
  kafkaConnectionOptions,
  kafkaConnectionShape,
  type KafkaConnectionOptions,
} from '@careflow/messaging';
import { commonConfigShape, ConfigError, loadConfig } from './config';

/**
 * Kafka client options for a tool, benchmark or test harness, from the same validated variables
 * the services read (KAFKA_BROKERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*), so that
 * every client of the project reaches a TLS/SCRAM broker the same way.
 */
export function kafkaConnectionFromEnv(
  clientId: string,
  env: Record<string, string | undefined> = process.env,
): KafkaConnectionOptions {
  const settings = loadConfig(
    { ...kafkaConnectionShape, NODE_ENV: commonConfigShape.NODE_ENV },
    env,
  );
  return kafkaConnectionOptions(settings, clientId);
}

/** Replication settings that cannot work together stop start-up, naming the variable. */
export function checkTopicDurability(config: {
  KAFKA_REPLICATION_FACTOR: number;
  KAFKA_MIN_INSYNC_REPLICAS: number;
}): void {
  if (config.KAFKA_MIN_INSYNC_REPLICAS > config.KAFKA_REPLICATION_FACTOR)
    throw new ConfigError(
      `Invalid configuration:\n  KAFKA_MIN_INSYNC_REPLICAS: ${config.KAFKA_MIN_INSYNC_REPLICAS} exceeds KAFKA_REPLICATION_FACTOR (${config.KAFKA_REPLICATION_FACTOR}); every send would fail`,
    );
}
