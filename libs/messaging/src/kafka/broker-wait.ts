import { describeError } from '../errors';
import type { MessagingLogger } from '../logger';

const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
  'KafkaJSConnectionClosedError',
  'KafkaJSGroupCoordinatorNotFound',
]);

/** Whether an error means the broker cannot be reached right now (down, restarting, electing). */
export function isBrokerUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; retriable?: unknown; cause?: unknown };
  if (typeof e.name === 'string' && UNREACHABLE.has(e.name)) return true;
  if (e.retriable === true) return true;
  return e.cause !== undefined && e.cause !== error && isBrokerUnreachable(e.cause);
}

/**
 * Runs `work` (connecting to the broker at start) again while the broker is unreachable, up to
 * `timeoutMs`: a service restarted while the broker restarts waits for it instead of exiting,
 * as it waits for the database (kafkajs alone gives up after ~40 s).
 */
export async function untilBrokerAnswers<T>(
  work: () => Promise<T>,
  logger: MessagingLogger,
  timeoutMs: number,
  pauseMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isBrokerUnreachable(error) || Date.now() + pauseMs > deadline) throw error;
      logger.warn('Kafka unreachable at start; retrying', {
        ...describeError(error),
      });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
