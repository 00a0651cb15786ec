import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafkaClient, silentLogger, TopicProbe } from '@careflow/messaging';
import { kafkaConnectionFromEnv, startTestService, type TestService } from '@careflow/platform';
import { topics } from '@careflow/contracts';
import { mllpFrame } from '@careflow/interop-mapping';
import { loadInteropGatewayConfig } from '../src/config';
import { MllpListener } from '../src/hl7/mllp-listener';
import { InteropGatewayModule } from '../src/interop-gateway.module';
import { MllpClient, newId, sample } from './mllp-client';

describe('interop-gateway: HL7 v2 over MLLP, ADT^A03 and ORU^R01 in, events out', () => {
  let service: TestService;
  let probe: TopicProbe;
  let client: MllpClient;

  beforeAll(async () => {
    const config = loadInteropGatewayConfig({ ...process.env, MLLP_PORT: '0' });
    service = await startTestService(InteropGatewayModule.register(config));
    const kafka = createKafkaClient(
      kafkaConnectionFromEnv('interop-gateway-hl7-test'),
      silentLogger,
    );
    probe = await TopicProbe.start(kafka, [
      topics.adtDischarges.name,
      topics.adtStays.name,
      topics.labResults.name,
    ]);
    client = await MllpClient.open(service.app.get(MllpListener).port);
  });

  afterAll(async () => {
    client.close();
    await probe.stop();
    await service.stop();
  });

  it('publishes an A03 as patient.discharged and answers AA', async () => {
    const member = newId();
    const controlId = newId();
    const ack = await client.send(await sample('adt-a03-discharge.hl7', member, controlId));
    expect(ack[1]).toBe(`MSA|AA|${controlId}`);
    expect(ack[0]).toContain('|ACK^A03^ACK|');
    const [event] = await probe.waitFor((r) => r.key === member, { timeoutMs: 60_000 });
    expect(event!.topic).toBe(topics.adtDischarges.name);
    expect(event!.value).toEqual({
      memberId: member,
      encounterId: 'V2027-00017',
      facilityNpi: '1234567893',
      admissionDate: '2027-01-10',
      dischargeDate: '2027-01-15',
      dischargeDisposition: '01',
      diagnosisCodes: ['I50.23', 'E11.9'],
    });
  });

  it('publishes A01, A11 and A13 of a visit as hospital-stay.changed; acknowledges an A08 and an emergency visit without publishing', async () => {
    const member = newId();
    const send = async (name: string, edit: (m: string) => string = (m) => m) => {
      const controlId = newId();
      const ack = await client.send(edit(await sample(name, member, controlId)));
      expect(ack[1]).toBe(`MSA|AA|${controlId}`);
      return ack;
    };
    expect((await send('adt-a01-admission.hl7'))[0]).toContain('|ACK^A01^ACK|');
    await send('adt-a08-update-patient.hl7');
    await send('adt-a01-admission.hl7', (m) =>
      m.replace('PV1|1|I|', 'PV1|1|E|').replace('V2027-00017', 'ER-VISIT'),
    );
    await send('adt-a11-cancel-admission.hl7');
    await send('adt-a13-cancel-discharge.hl7');
    const events = await probe.waitFor((r) => r.key === member, { count: 3, timeoutMs: 60_000 });
    expect(events.map((e) => [e.topic, (e.value as { change: string }).change])).toEqual([
      [topics.adtStays.name, 'admitted'],
      [topics.adtStays.name, 'admission-cancelled'],
      [topics.adtStays.name, 'discharge-cancelled'],
    ]);
    expect(events[0]!.value).toEqual({
      encounterId: 'V2027-00017',
      memberId: member,
      change: 'admitted',
      facilityNpi: '1234567893',
      admissionDate: '2027-01-10',
      diagnosisCodes: ['I50.23'],
    });
    // A marker after them: nothing of the A08 or the emergency visit was published before it.
    await send('adt-a03-discharge.hl7');
    await probe.waitFor((r) => r.key === member && r.topic === topics.adtDischarges.name, {
      timeoutMs: 60_000,
    });
    expect(probe.records.filter((r) => r.key === member)).toHaveLength(4);
  });

  it('answers AR 201 naming MSH-9.2 to an ADT event it does not take, AE to a cancellation without its visit', async () => {
    const controlId = newId();
    const transfer = (await sample('adt-a01-admission.hl7', newId(), controlId)).replace(
      'ADT^A01^ADT_A01',
      'ADT^A02^ADT_A02',
    );
    expect((await client.send(transfer)).slice(1)).toEqual([
      `MSA|AR|${controlId}`,
      'ERR||MSH^1^9^^2|201^Unsupported event code^HL70357|E',
    ]);
    const member = newId();
    const noVisit = (await sample('adt-a11-cancel-admission.hl7', member, controlId)).replace(
      '|V2027-00017',
      '|',
    );
    const ack = await client.send(noVisit);
    expect(ack.slice(1)).toEqual([
      `MSA|AE|${controlId}`,
      'ERR||PV1^1^19|101^Required field missing^HL70357|E',
    ]);
    expect(ack.join('\r')).not.toContain(member);
  });

  it('publishes each OBX of an ORU^R01 as lab-result.reported', async () => {
    const member = newId();
    const ack = await client.send(await sample('oru-r01-lab-results.hl7', member, newId()));
    expect(ack[1]).toMatch(/^MSA\|AA\|/);
    const events = await probe.waitFor((r) => r.key === member, { count: 2, timeoutMs: 60_000 });
    expect(events.map((e) => e.topic)).toEqual([topics.labResults.name, topics.labResults.name]);
    expect(events.map((e) => e.value)).toEqual([
      expect.objectContaining({
        loinc: '4548-4',
        value: 9.1,
        unit: '%',
        referenceRange: '4.0-5.6',
        abnormalFlag: 'H',
      }),
      expect.objectContaining({
        loinc: '2345-7',
        value: 182,
        unit: 'mg/dL',
        referenceRange: '70-99',
      }),
    ]);
  });

  it('publishes a message sent twice (the same MSH-10) once', async () => {
    const member = newId();
    const controlId = newId();
    const message = await sample('adt-a03-discharge.hl7', member, controlId);
    expect((await client.send(message))[1]).toBe(`MSA|AA|${controlId}`);
    expect((await client.send(message))[1]).toBe(`MSA|AA|${controlId}`);
    // A later message for the same member shares its partition: once it is seen, a second copy
    // of the first would have been seen before it.
    const marker = (await sample('adt-a03-discharge.hl7', member, newId())).replace(
      'V2027-00017',
      'MARKER',
    );
    expect((await client.send(marker))[1]).toMatch(/^MSA\|AA\|/);
    await probe.waitFor(
      (r) => (r.value as { encounterId: string }).encounterId === 'MARKER' && r.key === member,
      { timeoutMs: 60_000 },
    );
    expect(probe.records.filter((r) => r.key === member)).toHaveLength(2);
  });

  it('answers AE naming the field at fault, without its value, and publishes nothing', async () => {
    const member = newId();
    const controlId = newId();
    const bad = (await sample('adt-a03-discharge.hl7', member, controlId)).replace(
      '20270115140000-0500',
      'NOT-A-DATE',
    );
    const ack = await client.send(bad);
    expect(ack.slice(1)).toEqual([
      `MSA|AE|${controlId}`,
      'ERR||PV1^1^45|102^Data type error^HL70357|E',
    ]);
    expect(ack.join('\r')).not.toContain(member);
    const unknownMember = (await sample('adt-a03-discharge.hl7', member, newId())).replace(
      '^^^CAREFLOW^',
      '^^^OTHER^',
    );
    expect((await client.send(unknownMember)).slice(2)).toEqual([
      'ERR||PID^1^3|101^Required field missing^HL70357|E',
    ]);
    const marker = await sample('adt-a03-discharge.hl7', member, newId());
    expect((await client.send(marker))[1]).toMatch(/^MSA\|AA\|/);
    await probe.waitFor((r) => r.key === member, { timeoutMs: 60_000 });
    expect(probe.records.filter((r) => r.key === member)).toHaveLength(1);
  });

  it('answers AR to a message type it does not take', async () => {
    const controlId = newId();
    const schedule = (await sample('adt-a03-discharge.hl7', newId(), controlId)).replace(
      'ADT^A03^ADT_A03',
      'SIU^S12^SIU_S12',
    );
    const ack = await client.send(
      schedule.replace(/\|SIU\^S12\^SIU_S12\|[^|]+\|/, `|SIU^S12^SIU_S12|${controlId}|`),
    );
    expect(ack.slice(1)).toEqual([
      `MSA|AR|${controlId}`,
      'ERR||MSH^1^9^^1|200^Unsupported message type^HL70357|E',
    ]);
  });

  it('answers every message of a sender that does not wait for its ACKs, in order', async () => {
    const controlIds = Array.from({ length: 150 }, () => newId());
    const messages = await Promise.all(
      controlIds.map((id) => sample('oru-r01-lab-results.hl7', newId(), id)),
    );
    client.write(Buffer.concat(messages.map((m) => mllpFrame(m))));
    const answers: string[] = [];
    for (const _ of controlIds) answers.push((await client.next())[1]!);
    expect(answers).toEqual(controlIds.map((id) => `MSA|AA|${id}`));
  });

  it('keeps the connection through garbage bytes and a frame without its end block', async () => {
    client.write(Buffer.from([0x00, 0xff, 0x41, 0x0d, 0x1c, 0x0d]));
    client.write(Buffer.concat([Buffer.from([0x0b]), Buffer.from('MSH|^~\\&|CUT|OFF')]));
    const notHl7 = await client.send('this is not HL7');
    expect(notHl7[1]).toBe('MSA|AR|');
    const member = newId();
    const ack = await client.send(await sample('adt-a03-discharge.hl7', member, newId()));
    expect(ack[1]).toMatch(/^MSA\|AA\|/);
    await probe.waitFor((r) => r.key === member, { timeoutMs: 60_000 });
  });
});

describe('interop-gateway: MLLP over TLS', () => {
  let service: TestService;
  let ca: Buffer;

  beforeAll(async () => {
    const folder = await mkdtemp(join(tmpdir(), 'mllp-tls-'));
    const [cert, key] = [join(folder, 'cert.pem'), join(folder, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    ca = await readFile(cert);
    const config = loadInteropGatewayConfig({
      ...process.env,
      MLLP_PORT: '0',
      MLLP_TLS_CERT_FILE: cert,
      MLLP_TLS_KEY_FILE: key,
    });
    service = await startTestService(InteropGatewayModule.register(config));
  });

  afterAll(async () => {
    await service.stop();
  });

  it('answers over TLS', async () => {
    const client = await MllpClient.open(service.app.get(MllpListener).port, ca);
    const controlId = newId();
    const ack = await client.send(await sample('oru-r01-lab-results.hl7', newId(), controlId));
    expect(ack[1]).toBe(`MSA|AA|${controlId}`);
    client.close();
  });
});
