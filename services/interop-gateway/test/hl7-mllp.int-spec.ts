import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { createKafkaClient, silentLogger, TopicProbe } from '@careflow/messaging';
import { kafkaConnectionFromEnv, startTestService, type TestService } from '@careflow/platform';
import { topics } from '@careflow/contracts';
import { mllpFrame, MllpDecoder } from '@careflow/interop-mapping';
import { loadInteropGatewayConfig } from '../src/config';
import { MllpListener } from '../src/hl7/mllp-listener';
import { InteropGatewayModule } from '../src/interop-gateway.module';

const SAMPLES = join(__dirname, '../../../docs/samples/hl7');

/** One MLLP connection: sends bytes, reads the acknowledgments in order. */
class MllpClient {
  private readonly decoder = new MllpDecoder(1024 * 1024);
  private readonly answers: string[] = [];
  private waiting: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.answers.push(...this.decoder.push(data).frames);
      this.waiting?.();
    });
  }

  static async open(port: number, tlsCa?: Buffer): Promise<MllpClient> {
    const socket =
      tlsCa === undefined
        ? connect(port, '127.0.0.1')
        : connectTls({ port, host: '127.0.0.1', ca: tlsCa, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      socket.once(tlsCa === undefined ? 'connect' : 'secureConnect', resolve);
      socket.once('error', reject);
    });
    return new MllpClient(socket);
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends one message and answers its acknowledgment's segments. */
  async send(message: string): Promise<string[]> {
    this.write(mllpFrame(message));
    return this.next();
  }

  async next(): Promise<string[]> {
    while (this.answers.length === 0) {
      if (this.socket.destroyed) throw new Error('the gateway closed the connection');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    return this.answers.shift()!.split('\r');
  }

  close(): void {
    this.socket.destroy();
  }
}

async function sample(name: string, memberId: string, controlId: string): Promise<string> {
  return (await readFile(join(SAMPLES, name), 'utf8'))
    .trimEnd()
    .replace(/\n/g, '\r')
    .replaceAll('SAMPLEHL7A01', memberId)
    .replace(/(\|(?:ADT\^A03\^ADT_A03|ORU\^R01\^ORU_R01)\|)[^|]+\|/, `$1${controlId}|`);
}

const newId = () => randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();

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
    probe = await TopicProbe.start(kafka, [topics.adtDischarges.name, topics.labResults.name]);
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
