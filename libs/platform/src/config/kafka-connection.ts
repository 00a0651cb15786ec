import { ConfigError } from './config-error';

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
