import { labResultReportedSamples, topics } from '@careflow/contracts';
import { InvalidEventError, UndecodableEventError } from '../errors';
import { decodeRecord, type RawRecord } from './decode';
import { encodeEvent } from './encode';

const sample = labResultReportedSamples[0];

function recordOf(
  value: string,
  headers: Record<string, string>,
  key = sample.memberId,
): RawRecord {
  return {
    topic: topics.labResults.name,
    partition: 2,
    offset: '41',
    key: Buffer.from(key),
    value: Buffer.from(value),
    timestamp: '1732000000000',
    headers,
  };
}

describe('CloudEvents codec', () => {
  it('round-trips binary mode with key, attributes and trace context', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const encoded = encodeEvent({
      id: 'evt-1',
      type: topics.labResults.eventType,
      source: 'urn:test',
      key: sample.memberId,
      data: sample,
      traceparent,
    });
    expect(encoded.headers['ce_id']).toBe('evt-1');
    expect(encoded.headers['ce_specversion']).toBe('1.0');
    expect(encoded.headers['content-type']).toBe('application/json');
    const event = decodeRecord(recordOf(encoded.value, encoded.headers), topics.labResults);
    expect(event).toMatchObject({
      id: 'evt-1',
      type: 'lab-result.reported',
      key: sample.memberId,
      traceparent,
    });
    expect(event.data).toEqual(sample);
  });

  it('reads structured mode', () => {
    const value = JSON.stringify({
      specversion: '1.0',
      id: 'evt-2',
      source: 'urn:lab',
      type: 'lab-result.reported',
      time: '2025-06-01T10:00:00Z',
      datacontenttype: 'application/json',
      data: { ...sample, unknownExtra: 'ignored' },
    });
    const event = decodeRecord(
      recordOf(value, { 'content-type': 'application/cloudevents+json' }),
      topics.labResults,
    );
    expect(event.id).toBe('evt-2');
    expect(event.data).toEqual(sample);
  });

  it('rejects bytes that are not a CloudEvent as undecodable', () => {
    expect(() =>
      decodeRecord(
        recordOf('{"resultId":', {
          ce_id: 'x',
          ce_type: 't',
          ce_source: 's',
          ce_specversion: '1.0',
          'content-type': 'application/json',
        }),
        topics.labResults,
      ),
    ).toThrow(UndecodableEventError);
    expect(() => decodeRecord(recordOf('{}', {}), topics.labResults)).toThrow(
      UndecodableEventError,
    );
    expect(() =>
      decodeRecord(
        recordOf('{"specversion":"1.0"', { 'content-type': 'application/cloudevents+json' }),
        topics.labResults,
      ),
    ).toThrow(UndecodableEventError);
  });

  it('rejects a wrong type or invalid data, naming the field', () => {
    const headers = {
      ce_id: 'e',
      ce_source: 's',
      ce_specversion: '1.0',
      'content-type': 'application/json',
    };
    expect(() =>
      decodeRecord(
        recordOf(JSON.stringify(sample), { ...headers, ce_type: 'claim.adjudicated' }),
        topics.labResults,
      ),
    ).toThrow(/not accepted on labs.results.v1/);
    try {
      decodeRecord(
        recordOf(JSON.stringify({ ...sample, resultDate: '2025-02-30' }), {
          ...headers,
          ce_type: 'lab-result.reported',
        }),
        topics.labResults,
      );
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEventError);
      expect((error as Error).message).toContain('resultDate');
    }
  });
});
