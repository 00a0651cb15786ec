import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hl7Acknowledgment } from './acknowledgment';
import { mllpFrame, MllpDecoder } from './mllp';
import { readHl7Message } from './read-hl7-message';

const sample = (name: string) =>
  readFileSync(join(__dirname, '../../../../docs/samples/hl7', name), 'utf8').replace(/\n/g, '\r');
const a03 = sample('adt-a03-discharge.hl7');
const oru = sample('oru-r01-lab-results.hl7');

describe('HL7 v2 to Careflow events', () => {
  it('maps an ADT^A03 to patient.discharged, the principal diagnosis first', () => {
    const reading = readHl7Message(a03, 'CAREFLOW');
    expect(reading).toMatchObject({
      kind: 'discharge',
      header: { controlId: 'A03-20270115-0001', messageType: 'ADT', triggerEvent: 'A03' },
      discharge: {
        memberId: 'SAMPLEHL7A01',
        encounterId: 'V2027-00017',
        facilityNpi: '1234567893',
        admissionDate: '2027-01-10',
        dischargeDate: '2027-01-15',
        dischargeDisposition: '01',
        diagnosisCodes: ['I50.23', 'E11.9'],
      },
    });
  });

  it('maps each OBX of an ORU^R01 to lab-result.reported', () => {
    const reading = readHl7Message(oru, 'CAREFLOW');
    expect(reading.kind).toBe('lab-results');
    if (reading.kind !== 'lab-results') return;
    expect(reading.results).toEqual([
      {
        resultId: 'FIL-99812-1',
        memberId: 'SAMPLEHL7A01',
        loinc: '4548-4',
        value: 9.1,
        unit: '%',
        referenceRange: '4.0-5.6',
        abnormalFlag: 'H',
        resultDate: '2027-01-19',
      },
      expect.objectContaining({
        loinc: '2345-7',
        value: 182,
        unit: 'mg/dL',
        referenceRange: '70-99',
      }),
    ]);
  });

  it('names the segment and field at fault, never the value', () => {
    const noMember = readHl7Message(a03, 'OTHER-PLAN');
    expect(noMember).toMatchObject({
      kind: 'content-error',
      errors: [{ segment: 'PID', sequence: 1, field: 3, code: '101' }],
    });
    const badDate = readHl7Message(a03.replace('20270115140000-0500', '2027X'), 'CAREFLOW');
    expect(badDate).toMatchObject({
      kind: 'content-error',
      errors: [{ segment: 'PV1', field: 45, code: '102' }],
    });
    const badLab = readHl7Message(
      oru.replace('||182|', '||high|').replace('2345-7^', '2345^'),
      'CAREFLOW',
    );
    expect(badLab.kind).toBe('content-error');
    if (badLab.kind !== 'content-error') return;
    expect(badLab.errors).toEqual(
      expect.arrayContaining([
        { segment: 'OBX', sequence: 2, field: 5, code: '102' },
        { segment: 'OBX', sequence: 2, field: 3, code: '102' },
      ]),
    );
  });

  it('rejects what it does not take, and what is not HL7', () => {
    expect(readHl7Message(a03.replace('ADT^A03^ADT_A03', 'SIU^S12'), 'CAREFLOW')).toMatchObject({
      kind: 'unsupported',
      error: { field: 9, component: 1, code: '200' },
    });
    expect(readHl7Message(a03.replace('ADT^A03^ADT_A03', 'ADT^A02'), 'CAREFLOW')).toMatchObject({
      kind: 'unsupported',
      error: { field: 9, component: 2, code: '201' },
    });
    expect(readHl7Message('\u0000garbage', 'CAREFLOW')).toEqual({ kind: 'unreadable' });
  });

  it('acknowledges with MSA and ERR segments', () => {
    const reading = readHl7Message(a03, 'OTHER-PLAN');
    if (reading.kind !== 'content-error') throw new Error(reading.kind);
    const ack = hl7Acknowledgment({
      received: reading.header,
      code: 'AE',
      errors: reading.errors,
      controlId: 'ACK1',
      at: new Date('2027-01-15T19:30:00Z'),
      application: 'CAREFLOW',
    });
    expect(ack.split('\r')).toEqual([
      'MSH|^~\\&|CAREFLOW|CAREFLOW|EPIC-ADT|DETROIT-GENERAL^1234567893^NPI|20270115193000+0000||ACK^A03^ACK|ACK1|P|2.5.1',
      'MSA|AE|A03-20270115-0001',
      'ERR||PID^1^3|101^Required field missing^HL70357|E',
    ]);
  });
});

describe('MLLP framing', () => {
  it('reads frames split across chunks, skips garbage, drops a frame without its end block', () => {
    const decoder = new MllpDecoder(1024);
    const good = mllpFrame('MSH|one');
    const first = decoder.push(Buffer.concat([Buffer.from('garbage'), good.subarray(0, 4)]));
    expect(first).toEqual({ frames: [], discardedBytes: 7 });
    const rest = decoder.push(
      Buffer.concat([
        good.subarray(4),
        Buffer.from([0x0b]),
        Buffer.from('cut'),
        mllpFrame('MSH|two'),
      ]),
    );
    expect(rest).toEqual({ frames: ['MSH|one', 'MSH|two'], discardedBytes: 3 });
  });

  it('takes the carriage return after an end block from the next chunk', () => {
    const decoder = new MllpDecoder(1024);
    const frame = mllpFrame('MSH|one');
    expect(decoder.push(frame.subarray(0, -1))).toEqual({ frames: ['MSH|one'], discardedBytes: 0 });
    expect(decoder.push(frame.subarray(-1))).toEqual({ frames: [], discardedBytes: 0 });
  });

  it('abandons a frame above the size limit', () => {
    const decoder = new MllpDecoder(4);
    expect(decoder.push(Buffer.concat([mllpFrame('MSH|too-long'), mllpFrame('MSH')]))).toEqual({
      frames: ['MSH'],
      discardedBytes: 12,
    });
  });
});
