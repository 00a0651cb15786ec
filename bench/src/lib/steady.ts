import { Partitioners, type Kafka } from 'kafkajs';
import { sleep } from './stats';
import type { BenchRecord } from './kafka';
import { asError } from '@careflow/contracts';

/**
 * Publishes records one at a time at a steady rate (no batching: each is its own produce request,
 * as a portal would send it) and calls `onSent(i, at)` with the time just before each send.
 */
export async function publishSteady(
  kafka: Kafka,
  items: readonly { topic: string; record: BenchRecord }[],
  perSecond: number,
  onSent: (index: number, at: number) => void,
): Promise<{ ms: number; behindMs: number }> {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const interval = 1000 / perSecond;
  const start = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  let behindMs = 0;
  let failure: unknown = null;
  try {
    for (let i = 0; i < items.length; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      else behindMs = Math.max(behindMs, -wait);
      const { topic, record } = items[i]!;
      onSent(i, performance.now());
      const send = producer
        .send({ topic, acks: -1, messages: [record] })
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => inFlight.delete(send));
      inFlight.add(send);
      if (failure) throw asError(failure);
    }
    await Promise.all(inFlight);
    if (failure) throw asError(failure);
    return { ms: performance.now() - start, behindMs };
  } finally {
    await producer.disconnect();
  }
}
