import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hl7Acknowledgment } from './acknowledgment';
import { readHl7Message } from './read-hl7-message';

const sample = (name: string) =>
  readFileSync(join(__dirname, '../../../../docs/samples/hl7', name), 'utf8')
    .trimEnd()
    .replace(/\n/g, '\r');
const a01 = sample('adt-a01-admission.hl7');
const a03 = sample('adt-a03-discharge.hl7');
const a08 = sample('adt-a08-update-patient.hl7');
const a11 = sample('adt-a11-cancel-admission.hl7');
const a13 = sample('adt-a13-cancel-discharge.hl7');
const options = { assigningAuthority: 'CAREFLOW', inpatientClasses: ['I'] };

describe('HL7 v2 ADT events (v2.5.1 chapter 3)', () => {
  it('maps an A01 admission to hospital-stay.changed admitted, with its admitting diagnosis', () => {
    expect(readHl7Message(a01, options)).toMatchObject({
      kind: 'stay-change',
      header: { triggerEvent: 'A01', controlId: 'A01-20270110-0001' },
      stayChange: {
        encounterId: 'V2027-00017',
        memberId: 'SAMPLEHL7A01',
        change: 'admitted',
        facilityNpi: '1234567893',
        admissionDate: '2027-01-10',
        diagnosisCodes: ['I50.23'],
      },
    });
  });

  it('needs the admission date of an A01 (PV1-44), and names the field when it is missing', () => {
    const noDate = a01.replace('|20270110091500-0500\rDG1', '|\rDG1');
    expect(readHl7Message(noDate, options)).toMatchObject({
      kind: 'content-error',
      errors: [{ segment: 'PV1', sequence: 1, field: 44, code: '101' }],
    });
  });

  it('maps an A11 to admission-cancelled and an A13 to discharge-cancelled of the same visit', () => {
    expect(readHl7Message(a11, options)).toEqual({
      kind: 'stay-change',
      header: expect.objectContaining({ triggerEvent: 'A11' }),
      stayChange: {
        encounterId: 'V2027-00017',
        memberId: 'SAMPLEHL7A01',
        change: 'admission-cancelled',
        facilityNpi: '1234567893',
        admissionDate: null,
        diagnosisCodes: null,
      },
    });
    expect(readHl7Message(a13, options)).toMatchObject({
      kind: 'stay-change',
      stayChange: {
        encounterId: 'V2027-00017',
        change: 'discharge-cancelled',
        admissionDate: '2027-01-10',
      },
    });
  });

  it('needs the visit number of a cancellation (PV1-19): without it nothing says what is cancelled', () => {
    const noVisit = a11.replace('|V2027-00017', '|');
    expect(readHl7Message(noVisit, options)).toMatchObject({
      kind: 'content-error',
      errors: [{ segment: 'PV1', sequence: 1, field: 19, code: '101' }],
    });
  });

  it('acknowledges an A08 and ignores it: demographics are the enrollment system’s', () => {
    expect(readHl7Message(a08, options)).toMatchObject({
      kind: 'ignored',
      reason: 'demographics-not-taken',
      header: { triggerEvent: 'A08' },
    });
  });

  it('ignores an A04 registration and an A03 or A01 of an outpatient or emergency visit', () => {
    const a04 = a01.replace('ADT^A01^ADT_A01', 'ADT^A04^ADT_A01');
    expect(readHl7Message(a04, options)).toMatchObject({
      kind: 'ignored',
      reason: 'not-an-inpatient-stay',
    });
    expect(readHl7Message(a03.replace('PV1|1|I|', 'PV1|1|E|'), options)).toMatchObject({
      kind: 'ignored',
      reason: 'not-an-inpatient-stay',
    });
    expect(
      readHl7Message(a01.replace('PV1|1|I|', 'PV1|1|O|'), {
        ...options,
        inpatientClasses: ['I', 'O'],
      }),
    ).toMatchObject({ kind: 'stay-change' });
  });

  it('rejects another ADT trigger event with AR naming MSH-9.2, never a value', () => {
    const a02 = readHl7Message(a01.replace('ADT^A01^ADT_A01', 'ADT^A02^ADT_A02'), options);
    expect(a02).toMatchObject({
      kind: 'unsupported',
      error: { segment: 'MSH', field: 9, component: 2, code: '201' },
    });
    if (a02.kind !== 'unsupported') return;
    const ack = hl7Acknowledgment({
      received: a02.header,
      code: 'AR',
      errors: [a02.error],
      controlId: 'ACK2',
      at: new Date('2027-01-10T15:00:00Z'),
      application: 'CAREFLOW',
    });
    expect(ack.split('\r').slice(1)).toEqual([
      'MSA|AR|A01-20270110-0001',
      'ERR||MSH^1^9^^2|201^Unsupported event code^HL70357|E',
    ]);
    expect(ack).not.toContain('SAMPLEHL7A01');
    expect(ack).not.toContain('AVERY');
  });
});
