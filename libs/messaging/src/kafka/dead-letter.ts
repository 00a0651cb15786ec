import type { IHeaders } from 'kafkajs';
import { DLQ_HEADERS, deadLetterTopicOf } from '@careflow/contracts';
import type { RawRecord } from '../cloudevents/decode';
import { describeError } from '../errors';
import type { RecordProducer } from './record-producer';

const MAX_REASON_LENGTH = 2000;

/**
 * Sends a record that can never be processed to `<topic>.dlq` with its original key, value and
 * headers and the reason, so an operator can fix and replay it. Awaited before the offset moves.
 */
export async function sendToDeadLetter(
  producer: RecordProducer,
  record: RawRecord,
  error: unknown,
): Promise<void> {
  const { errorClass, message } = describeError(error);
  const headers: Record<string, string> = {
    ...record.headers,
    [DLQ_HEADERS.errorClass]: errorClass,
    [DLQ_HEADERS.errorMessage]: message.slice(0, MAX_REASON_LENGTH),
    [DLQ_HEADERS.originalTopic]: record.topic,
    [DLQ_HEADERS.originalPartition]: String(record.partition),
    [DLQ_HEADERS.originalOffset]: record.offset,
    [DLQ_HEADERS.failedAt]: new Date().toISOString(),
  };
  await producer.send([
    {
      topic: deadLetterTopicOf(record.topic),
      records: [
        {
          key: record.key?.toString('utf8') ?? '',
          value: record.value?.toString('utf8') ?? '',
          headers,
        },
      ],
    },
  ]);
}

/** Kafka headers as plain strings (the first value of a repeated header). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name.toLowerCase()] = first.toString();
  }
  return result;
}
