import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Batch, KafkaMessage } from 'kafkajs';
import type { ConsumedEvent } from '../cloudevents/consumed-event';
import { decodeRecord, type RawRecord } from '../cloudevents/decode';
import { headersToStrings } from '../kafka/dead-letter';
import type { TopicSubscription } from './subscription';

export interface Delivery {
  readonly event: ConsumedEvent;
  readonly record: RawRecord;
}

/** One chunk of a partition's batch, decoded and checked against the topic's contract. */
export interface DecodedChunk {
  readonly deliveries: Delivery[];
  /** Records that are no valid event of the topic, with why: they go to the dead-letter topic. */
  readonly undecodable: { readonly record: RawRecord; readonly error: unknown }[];
  /** The offset of the chunk's last record, decodable or not. */
  readonly lastOffset: string | undefined;
}

/** Records decoded between two turns of the event loop. */
const DECODE_SLICE = 100;

/**
 * Decodes the records `start` to `start + size` of `batch`. It runs while the previous chunk's
 * transaction waits on the database, so it starts on the next turn of the event loop (after that
 * transaction has begun) and gives the loop back every DECODE_SLICE records (so the database's
 * answers are read as they come instead of after the whole chunk). Never rejects: a record that
 * cannot be decoded is answered in `undecodable`.
 */
export async function decodeChunk(
  batch: Batch,
  subscription: TopicSubscription,
  start: number,
  size: number,
): Promise<DecodedChunk> {
  const messages = batch.messages.slice(start, start + size);
  const chunk: DecodedChunk = {
    deliveries: [],
    undecodable: [],
    lastOffset: messages[messages.length - 1]?.offset,
  };
  for (let i = 0; i < messages.length; i++) {
    if (i % DECODE_SLICE === 0) await nextTurn();
    const record = toRawRecord(batch.topic, batch.partition, messages[i]!);
    try {
      chunk.deliveries.push({ event: decodeRecord(record, subscription.topic), record });
    } catch (error) {
      chunk.undecodable.push({ record, error });
    }
  }
  return chunk;
}

function toRawRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    timestamp: message.timestamp,
    headers: headersToStrings(message.headers),
  };
}
