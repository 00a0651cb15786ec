import type { Batch, KafkaMessage } from 'kafkajs';
import { labResultReportedSamples, topics } from '@careflow/contracts';
import { encodeEvent } from '../cloudevents/encode';
import { decodeChunk } from './chunk-decoder';
import type { TopicSubscription } from './subscription';

const subscription: TopicSubscription = {
  topic: topics.labResults,
  handle: () => Promise.resolve(),
};

function message(offset: number, value: string, headers: Record<string, string>): KafkaMessage {
  return {
    key: Buffer.from('M1'),
    value: Buffer.from(value),
    timestamp: '1732000000000',
    attributes: 0,
    offset: String(offset),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

/** 250 records at offsets 100-349: every 50th is not JSON, every 70th breaks the contract. */
function batchOfRecords(): Batch {
  const messages: KafkaMessage[] = [];
  for (let i = 0; i < 250; i++) {
    const sample = labResultReportedSamples[0];
    const data = i % 70 === 69 ? { ...sample, memberId: undefined } : sample;
    const encoded = encodeEvent({
      id: `event-${i}`,
      type: topics.labResults.eventType,
      source: 'test',
      key: 'M1',
      data,
    });
    messages.push(message(100 + i, i % 50 === 49 ? '{"not json' : encoded.value, encoded.headers));
  }
  return { topic: topics.labResults.name, partition: 3, messages } as unknown as Batch;
}

describe('decodeChunk', () => {
  it('decodes its slice of the batch in order and sets the undecodable records aside', async () => {
    const batch = batchOfRecords();
    const chunk = await decodeChunk(batch, subscription, 100, 120);
    // Offsets 200-319: not JSON at 249, 299; contract broken at 239, 309.
    expect(chunk.lastOffset).toBe('319');
    expect(chunk.undecodable.map((u) => u.record.offset)).toEqual(['239', '249', '299', '309']);
    expect(chunk.deliveries).toHaveLength(116);
    expect(chunk.deliveries.map((d) => d.event.id)).toEqual(
      Array.from({ length: 120 }, (_, i) => 100 + i)
        .filter((i) => i % 50 !== 49 && i % 70 !== 69)
        .map((i) => `event-${i}`),
    );
    expect(chunk.deliveries[0]?.record).toMatchObject({ partition: 3, offset: '200' });
  });

  it('answers the last chunk of a batch short, and an empty one past its end', async () => {
    const batch = batchOfRecords();
    expect((await decodeChunk(batch, subscription, 200, 120)).lastOffset).toBe('349');
    expect(await decodeChunk(batch, subscription, 250, 120)).toEqual({
      deliveries: [],
      undecodable: [],
      lastOffset: undefined,
    });
  });

  it('gives the event loop back between slices, so that I/O is read while it decodes', async () => {
    let turns = 0;
    let decoded = false;
    const countTurns = (): void => {
      if (decoded) return;
      turns += 1;
      setImmediate(countTurns);
    };
    const decoding = decodeChunk(batchOfRecords(), subscription, 0, 250);
    setImmediate(countTurns);
    await decoding;
    decoded = true;
    // 250 records in three slices of at most 100: other work ran between the first and the second,
    // and between the second and the third.
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
