/**
 * What the backbone reports as it works, for a metrics registry to count. Labels are topic names
 * and error classes only: never keys, ids or values of events.
 */
export interface MessagingMetrics {
  /** A chunk committed: events applied, redeliveries dropped, and each event's age at commit. */
  chunkCommitted(
    topic: string,
    observation: {
      readonly handled: number;
      readonly duplicates: number;
      readonly seconds: number;
      readonly eventAgesSeconds: readonly number[];
    },
  ): void;
  /** A handler attempt failed and will be retried. */
  handlerRetried(topic: string, errorClass: string): void;
  /** A record went to `<topic>.dlq`. */
  deadLettered(topic: string, errorClass: string): void;
  /**
   * A transaction committed: the events it published (by topic) and the facts it noted
   * (`UnitOfWork.noteFact`, by fact name), from a consumer or an HTTP use case. The point where a
   * business fact (a decision, a new case) is final: business counters count here, and a
   * rolled-back attempt counts nothing.
   */
  eventsCommitted(events: readonly { readonly topic: string; readonly data?: unknown }[]): void;
}

export const noMessagingMetrics: MessagingMetrics = {
  chunkCommitted: () => undefined,
  handlerRetried: () => undefined,
  deadLettered: () => undefined,
  eventsCommitted: () => undefined,
};

/** Seconds from an event's `time` to `now`, or undefined for a time that does not parse. */
export function ageInSeconds(time: string, now: number): number | undefined {
  const at = Date.parse(time);
  return Number.isNaN(at) ? undefined : Math.max(0, (now - at) / 1000);
}
