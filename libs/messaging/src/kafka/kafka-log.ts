import { logLevel } from 'kafkajs';
import { errorCodes } from 'kafkajs/src/protocol/error';

/** Messages of the Kafka protocol errors that kafkajs retries by itself, from its own table. */
const RETRIABLE_PROTOCOL_ERRORS: ReadonlySet<string> = new Set(
  errorCodes.filter((e) => e.retriable).map((e) => e.message),
);

/**
 * How kafkajs's producer starts the entry it writes before retrying a send (stale metadata, a
 * lost connection, a retriable protocol error); what it cannot retry it logs otherwise.
 */
const RETRIED_SEND = 'Failed to send messages: ';

export type KafkaLogSeverity = 'error' | 'warn' | 'debug';

function isRetriedResponse(message: string, error: unknown): boolean {
  return (
    message.startsWith('Response ') &&
    typeof error === 'string' &&
    RETRIABLE_PROTOCOL_ERRORS.has(error)
  );
}

/**
 * The level a kafkajs log entry is written at. kafkajs logs every broker response that carries an
 * error at ERROR, also those it retries by itself: the group coordinator not yet available when a
 * consumer first joins a new broker, a partition leader moving (kafkajs #1494). Those are warnings
 * here, and so is the producer's entry before it retries a send, so that an operator's errors
 * are the ones that need action: should the retries run out, the failure reaches the consumer or
 * producer, which logs it (the outbox relay as an error once it keeps failing).
 */
export function kafkaLogSeverity(
  level: logLevel,
  message: string,
  error: unknown,
): KafkaLogSeverity {
  switch (level) {
    case logLevel.ERROR:
      return isRetriedResponse(message, error) || message.startsWith(RETRIED_SEND)
        ? 'warn'
        : 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.NOTHING:
    case logLevel.INFO:
    case logLevel.DEBUG:
      return 'debug';
  }
}
