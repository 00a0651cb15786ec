import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { BenchRecord } from './kafka';
import { sleep } from './stats';

/**
 * Publishes a mixed stream at a steady rate the way separate sources would: one producer per
 * topic (the claims system, the ADT feed, the pharmacy benefit manager, the PA portal and the
 * enrollment feed each have their own connection), one produce request per record, not batched.
 * `onSent(i, at)` is called just before each send; the time from there to the broker's ack is
 * returned per record (NaN for a send that failed).
 */
export async function publishSteadyFromSources(
  kafka: Kafka,
  items: readonly { topic: string; record: BenchRecord }[],
  perSecond: number,
  onSent: (index: number, at: number) => void,
): Promise<{ ms: number; behindMs: number; ackMs: number[] }> {
  const producers = new Map<string, Producer>();
  for (const topic of new Set(items.map((i) => i.topic))) {
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    producers.set(topic, producer);
  }
  const interval = 1000 / perSecond;
  const ackMs = new Array<number>(items.length).fill(Number.NaN);
  const inFlight = new Set<Promise<unknown>>();
  let behindMs = 0;
  let failure: unknown = null;
  const start = performance.now();
  try {
    for (let i = 0; i < items.length; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      else {
        behindMs = Math.max(behindMs, -wait);
        // Behind schedule: still let the consumers of this process read (no send storm that
        // starves them and makes every output look late).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (failure) throw asError(failure);
      const { topic, record } = items[i]!;
      const at = performance.now();
      onSent(i, at);
      const send = producers
        .get(topic)!
        .send({ topic, acks: -1, messages: [record] })
        .then(() => {
          ackMs[i] = performance.now() - at;
        })
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => inFlight.delete(send));
      inFlight.add(send);
    }
    await Promise.all(inFlight);
    if (failure) throw asError(failure);
    return { ms: performance.now() - start, behindMs, ackMs };
  } finally {
    await Promise.all([...producers.values()].map((p) => p.disconnect()));
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
