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
}

export const noMessagingMetrics: MessagingMetrics = {
  chunkCommitted: () => undefined,
  handlerRetried: () => undefined,
  deadLettered: () => undefined,
};

/** Seconds from an event's `time` to `now`, or undefined for a time that does not parse. */
export function ageInSeconds(time: string, now: number): number | undefined {
  const at = Date.parse(time);
  return Number.isNaN(at) ? undefined : Math.max(0, (now - at) / 1000);
}
