import { ValidationError } from 'cloudevents';
import { DLQ_HEADERS, labResultReportedSamples, topics } from '@careflow/contracts';
import { describeError, valueFreeMessage } from '../errors';
import { sendToDeadLetter } from '../kafka/dead-letter';
import type { RecordProducer, TopicRecords } from '../kafka/record-producer';
import { decodeRecord, type RawRecord } from './decode';

// Synthetic PHI: none of it may come back in an error text, a log field or a DLQ header.
const PHI = ['Zebediah', 'Quillfeather', '1961-04-12', '078-05-1120', 'MBR99887766', 'E11.65'];
const phiText = `Zebediah Quillfeather born 1961-04-12 ssn 078-05-1120 member MBR99887766 dx E11.65`;

function record(value: string | null, headers: Record<string, string>): RawRecord {
  return {
    topic: topics.labResults.name,
    partition: 0,
    offset: '7',
    key: Buffer.from('MBR99887766'),
    value: value === null ? null : Buffer.from(value),
    timestamp: '1732000000000',
    headers,
  };
}

const binary = (over: Record<string, string> = {}) => ({
  ce_id: 'e-1',
  ce_source: 'urn:test',
  ce_type: topics.labResults.eventType,
  ce_specversion: '1.0',
  'content-type': 'application/json',
  ...over,
});

/** The error `decodeRecord` throws for a record, as the consumer would describe it. */
function decodeFailure(r: RawRecord): { errorClass: string; message: string } {
  try {
    decodeRecord(r, topics.labResults);
  } catch (error) {
    return describeError(error);
  }
  throw new Error('the record decoded');
}

function expectNoPhi(text: string): void {
  for (const value of PHI) expect(text).not.toContain(value);
}

describe('parse and validation errors carry no input values', () => {
  const sample = labResultReportedSamples[0];
  const cases: [string, RawRecord][] = [
    ['truncated JSON', record(`{"memberId": "${phiText}`, binary())],
    ['text that is not JSON', record(phiText, binary())],
    ['JSON with a bad token after PHI', record(`{"note": "${phiText}" x}`, binary())],
    [
      'structured mode, malformed',
      record(`{"specversion":"1.0","data":"${phiText}`, {
        'content-type': 'application/cloudevents+json',
      }),
    ],
    ['an unknown event type', record(JSON.stringify(sample), binary({ ce_type: phiText }))],
    ['an unknown specversion', record(JSON.stringify(sample), binary({ ce_specversion: phiText }))],
    ['an invalid time', record(JSON.stringify(sample), binary({ ce_time: phiText }))],
    [
      'data with PHI in wrong fields, unknown enum values and formats',
      record(
        JSON.stringify({
          ...sample,
          memberId: 12345,
          resultId: { name: phiText },
          loinc: phiText,
          value: { text: phiText },
          resultDate: '1961-04-12T99',
          Zebediah: 'Quillfeather',
        }),
        binary(),
      ),
    ],
  ];

  it.each(cases)('%s: class and rule kept, value dropped', (_, r) => {
    const { errorClass, message } = decodeFailure(r);
    expect(['undecodable-event', 'invalid-event']).toContain(errorClass);
    expect(message.length).toBeGreaterThan(10);
    expectNoPhi(message);
  });

  it('keeps the position of a JSON syntax error', () => {
    const { message } = decodeFailure(record(`{"memberId": "x", Zebediah}`, binary()));
    expect(message).toMatch(/malformed JSON at position \d+/);
  });

  it('keeps the field path and the rule of a contract violation', () => {
    const { message } = decodeFailure(
      record(JSON.stringify({ ...sample, memberId: 1961 }), binary()),
    );
    expect(message).toContain('memberId: expected string');
    expect(message).not.toContain('1961');
  });

  it('writes value-free DLQ headers', async () => {
    const sent: TopicRecords[][] = [];
    const producer = {
      send: (batch: TopicRecords[]) => {
        sent.push(batch);
        return Promise.resolve();
      },
    } as unknown as RecordProducer;
    const r = record(`{"memberId": "${phiText}`, binary());
    await sendToDeadLetter(producer, r, new SyntaxError(`Unexpected token in "${phiText}"`));
    const headers = sent[0]![0]!.records[0]!.headers;
    expect(headers[DLQ_HEADERS.errorClass]).toBe('SyntaxError');
    expect(headers[DLQ_HEADERS.errorMessage]).toBe('malformed JSON');
  });
});

describe('valueFreeMessage', () => {
  it('drops a value PostgreSQL quotes, keeping the rule and the SQLSTATE', () => {
    const error = Object.assign(new Error(`invalid input syntax for type date: "1961-04-12"`), {
      code: '22007',
    });
    expect(valueFreeMessage(error)).toBe('invalid input syntax for type date (SQLSTATE 22007)');
  });

  it('drops what the cloudevents SDK prints of an attribute', () => {
    const text = valueFreeMessage(new ValidationError(`invalid extension value: ${phiText}`));
    expect(text).toBe('invalid extension value');
  });

  it('drops quoted text from any other error', () => {
    expectNoPhi(valueFreeMessage(new Error(`cannot handle "${phiText}"`)));
  });

  it('describes a thrown non-error without printing it', () => {
    expect(describeError(phiText)).toEqual({
      errorClass: 'unknown',
      message: 'a non-error value was thrown',
    });
  });
});
