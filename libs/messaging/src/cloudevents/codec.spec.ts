import { CloudEvent, Kafka } from 'cloudevents';
import { labResultReportedSamples, topics } from '@careflow/contracts';
import { InvalidEventError, UndecodableEventError } from '../errors';
import { decodeRecord, readPlainBinaryEvent, readWithSdk, type RawRecord } from './decode';
import { encodeEvent, type OutgoingEvent } from './encode';
import { childTraceparent, parseTraceparent, traceIdOf } from './trace-context';

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

/** What the cloudevents SDK writes for an event in binary mode (the reference of `encodeEvent`). */
function sdkBinary(event: OutgoingEvent): { headers: [string, string][]; value: string } {
  const message = Kafka.binary(
    new CloudEvent(
      {
        id: event.id,
        type: event.type,
        source: event.source,
        time: event.time,
        datacontenttype: 'application/json',
        ...(event.subject !== undefined ? { subject: event.subject } : {}),
        ...(event.traceparent !== undefined ? { traceparent: event.traceparent } : {}),
        data: event.data,
        partitionkey: event.key,
      },
      false,
    ),
  );
  const headers = Object.entries(message.headers).filter(
    (h): h is [string, string] => typeof h[1] === 'string',
  );
  if (event.traceparent !== undefined) headers.push(['traceparent', event.traceparent]);
  return { headers, value: JSON.stringify(event.data) };
}

describe('CloudEvents codec', () => {
  it('encodes binary mode exactly as the cloudevents SDK does, header for header', () => {
    const base = {
      id: 'evt-9',
      type: topics.labResults.eventType,
      source: 'urn:careflow:test',
      key: sample.memberId,
      data: { ...sample, note: 'é ✓' },
      time: '2025-06-01T10:00:00.000Z',
    };
    const variants: OutgoingEvent[] = [
      base,
      { ...base, subject: 'lab/1' },
      { ...base, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      {
        ...base,
        subject: 's',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
      },
      { ...base, time: '2025-06-01T12:00:00+02:00' },
    ];
    for (const variant of variants) {
      const encoded = encodeEvent(variant);
      expect(Object.entries(encoded.headers)).toEqual(sdkBinary(variant).headers);
      expect(encoded.value).toBe(sdkBinary(variant).value);
      expect(encoded.key).toBe(variant.key);
    }
    // Without id and time it makes both up, as the SDK does.
    const made = encodeEvent({ ...base, id: undefined, time: undefined });
    expect(made.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(made.headers['ce_time'] ?? ''))).toBe(false);
  });

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

  it('reads plain binary records without the SDK exactly as the SDK reads them', () => {
    const encoded = encodeEvent({
      id: 'evt-3',
      type: topics.labResults.eventType,
      source: 'urn:careflow:test',
      key: sample.memberId,
      data: sample,
      time: '2025-06-01T12:00:00+02:00',
      subject: 'lab/3',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    const h = encoded.headers;
    const without = (name: string): Record<string, string> =>
      Object.fromEntries(Object.entries(h).filter(([k]) => k !== name));
    const variants: Record<string, string>[] = [
      h,
      without('ce_subject'),
      without('ce_traceparent'),
      without('ce_specversion'),
      without('ce_datacontenttype'),
      { ...h, ce_subject: '' },
      { ...h, ce_datacontenttype: '' },
      { ...h, ce_type: '' },
      { ...h, ce_specversion: '' },
      { ...h, ce_time: '' },
      { ...h, ce_extra: 'x' },
      { ...h, ce_time: '2025-06-01T10:00:00Z' },
      // Written as toISOString writes, or nearly: only a real day and time passes through as is.
      { ...h, ce_time: '2024-02-29T23:59:59.999Z' },
      { ...h, ce_time: '2025-02-29T10:00:00.000Z' },
      { ...h, ce_time: '2025-06-01T24:00:00.000Z' },
    ];
    const attributes = (e: object, withTime: boolean): Record<string, unknown> => {
      const all = e as Record<string, unknown>;
      const picked: Record<string, unknown> = {};
      for (const name of [
        'id',
        'source',
        'type',
        'specversion',
        'subject',
        'datacontenttype',
        'data',
        'traceparent',
        'partitionkey',
        'extra',
        ...(withTime ? ['time'] : []),
      ])
        picked[name] = all[name];
      return picked;
    };
    for (const headers of variants) {
      const record = recordOf(encoded.value, headers);
      const fast = readPlainBinaryEvent(record);
      expect(fast).toBeDefined();
      const reference = readWithSdk(record);
      const withTime = Boolean(headers['ce_time']);
      expect(attributes(fast!, withTime)).toEqual(attributes(reference, withTime));
      if (!withTime) expect(Number.isNaN(Date.parse(String(fast!.time)))).toBe(false);
    }
    // What the SDK refuses, the fast path refuses too.
    for (const [value, headers] of [
      [encoded.value, { ...h, ce_time: 'yesterday' }],
      ['{"resultId":', h],
    ] as const) {
      expect(() => readPlainBinaryEvent(recordOf(value, headers))).toThrow();
      expect(() => readWithSdk(recordOf(value, headers))).toThrow();
    }
  });

  it('leaves every other record to the SDK', () => {
    const value = JSON.stringify(sample);
    const base = { ce_id: 'e', ce_type: 't', ce_source: 's', ce_specversion: '1.0' };
    for (const headers of [
      { ...base, 'content-type': 'application/cloudevents+json' },
      { ...base, 'content-type': 'text/plain' },
      { ...base },
      { ...base, 'Content-Type': 'application/json' },
      { ...base, 'content-type': 'application/json', ce_specversion: '0.3' },
      { ...base, 'content-type': 'application/json', ce_data_base64: 'e30=' },
      { 'content-type': 'application/json', ce_type: 't' },
    ] as Record<string, string>[]) {
      expect(readPlainBinaryEvent(recordOf(value, headers))).toBeUndefined();
    }
  });

  it('makes valid child spans: same trace, a new span id each time', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const spans = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const child = childTraceparent(parent);
      expect(parseTraceparent(child)).toBe(child);
      expect(traceIdOf(child)).toBe(traceIdOf(parent));
      spans.add(child);
    }
    expect(spans.size).toBe(2000);
    const root = childTraceparent(undefined);
    expect(parseTraceparent(root)).toBe(root);
    expect(traceIdOf(root)).not.toBe(traceIdOf(parent));
  });
});
