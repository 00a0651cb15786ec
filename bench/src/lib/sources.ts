import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { BenchRecord } from './kafka';
import { sleep } from './stats';
import { asError } from '@careflow/contracts';

/**
 * Publishes a mixed stream at a steady rate the way separate sources would: one producer per
 * topic (the claims system, the ADT feed, the pharmacy benefit manager, the PA portal and the
 * enrollment feed each have their own connection), one produce request per record, not batched.
 * When the process falls behind its schedule (a loaded machine, a late timer), the records
 * already due go out together, one request per topic, so the offered rate stays the one asked
 * for; `requests` counts the produce requests. `onSent(i, at)` is called just before each send; the time from there to the broker's ack
 * is returned per record (NaN for a send that failed).
 */
export async function publishSteadyFromSources(
  kafka: Kafka,
  items: readonly { topic: string; record: BenchRecord }[],
  perSecond: number,
  onSent: (index: number, at: number) => void,
): Promise<{ ms: number; behindMs: number; ackMs: number[]; requests: number }> {
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
  let requests = 0;
  let failure: unknown = null;
  const start = performance.now();
  try {
    for (let i = 0; i < items.length;) {
      const wait = start + i * interval - performance.now();
      if (wait > 1) await sleep(wait);
      else behindMs = Math.max(behindMs, -wait);
      if (failure) throw asError(failure);
      // Every record due by now (one, unless the process fell behind), grouped by topic.
      const now = performance.now();
      let end = i + 1;
      while (end < items.length && end - i < 100 && start + end * interval <= now) end++;
      const byTopic = new Map<string, number[]>();
      for (let j = i; j < end; j++) {
        const list = byTopic.get(items[j]!.topic) ?? [];
        list.push(j);
        byTopic.set(items[j]!.topic, list);
      }
      for (const [topic, indexes] of byTopic) {
        const at = performance.now();
        requests++;
        for (const j of indexes) onSent(j, at);
        const send = producers
          .get(topic)!
          .send({ topic, acks: -1, messages: indexes.map((j) => items[j]!.record) })
          .then(() => {
            const acked = performance.now() - at;
            for (const j of indexes) ackMs[j] = acked;
          })
          .catch((error: unknown) => {
            failure = error;
          })
          .finally(() => inFlight.delete(send));
        inFlight.add(send);
      }
      i = end;
      // Let this process's consumers read between sends.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(inFlight);
    if (failure) throw asError(failure);
    return { ms: performance.now() - start, behindMs, ackMs, requests };
  } finally {
    await Promise.all([...producers.values()].map((p) => p.disconnect()));
  }
}
