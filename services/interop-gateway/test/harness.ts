import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { topics, type ClaimAdjudicated, type CoverageUpdated } from '@careflow/contracts';
import {
  createKafkaClient,
  silentLogger,
  TopicProbe,
  type ProbedRecord,
} from '@careflow/messaging';
import {
  kafkaConnectionFromEnv,
  startTestService,
  type Principal,
  type TestService,
} from '@careflow/platform';
import { loadInteropGatewayConfig } from '../src/config';
import { InteropGatewayModule } from '../src/interop-gateway.module';

/** The gateway in-process against the real broker and database, and a probe on its topic. */
export interface Harness {
  readonly service: TestService;
  readonly probe: TopicProbe;
  readonly db: DataSource;
  readonly dropFolder: string;
  stop(): Promise<void>;
}

export const partner: Principal = {
  id: 'enrollment-feed',
  name: 'Enrollment feed',
  roles: ['integrator'],
};

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dropFolder = await mkdtemp(join(tmpdir(), 'x12-drop-'));
  const config = loadInteropGatewayConfig({
    ...process.env,
    X12_DROP_FOLDER: dropFolder,
    X12_DROP_POLL_MS: '200',
    X12_DROP_SETTLE_MS: '0',
    MLLP_PORT: '0',
    ...env,
  });
  const service = await startTestService(InteropGatewayModule.register(config));
  const kafka = createKafkaClient(kafkaConnectionFromEnv('interop-gateway-test'), silentLogger);
  const probe = await TopicProbe.start(kafka, [
    topics.eligibilityCoverage.name,
    topics.medicalClaims.name,
  ]);
  return {
    service,
    probe,
    db: service.app.get(DataSource),
    dropFolder,
    async stop() {
      await probe.stop();
      await service.stop();
    },
  };
}

const SAMPLE = join(__dirname, '../../../docs/samples/x12/834-enrollment-changes.x12');

/** Fresh ids for one test: the sample's three members and an interchange control number. */
export interface SampleIds {
  readonly members: readonly [string, string, string];
  readonly controlNumber: string;
}

export function newSampleIds(): SampleIds {
  const id = () => `X${randomUUID().replace(/-/g, '').slice(0, 11).toUpperCase()}`;
  return {
    members: [id(), id(), id()],
    controlNumber: String(randomInt(100_000_000, 999_999_999)),
  };
}

/** The sample 834 (an add, a change, a termination) with these ids. */
export async function sample834(ids: SampleIds): Promise<string> {
  const text = await readFile(SAMPLE, 'utf8');
  return withControlNumber(
    text
      .replaceAll('SAMPLE834A01', ids.members[0])
      .replaceAll('SAMPLE834B02', ids.members[1])
      .replaceAll('SAMPLE834C03', ids.members[2]),
    ids.controlNumber,
  );
}

/** `text` with ISA13 and IEA02 set to `controlNumber`. */
export function withControlNumber(text: string, controlNumber: string): string {
  return text
    .replace(/(\*00501\*)\d{9}\*/, `$1${controlNumber}*`)
    .replace(/IEA\*(\d+)\*\d{9}~/, `IEA*$1*${controlNumber}~`);
}

export async function postX12(h: Harness, body: string, contentType = 'application/edi-x12') {
  const response = await fetch(`${h.service.baseUrl}/x12`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await h.service.token(partner)}`,
      'content-type': contentType,
    },
    body,
  });
  return {
    status: response.status,
    kind: response.headers.get('x12-acknowledgment'),
    duplicate: response.headers.get('x12-duplicate'),
    text: await response.text(),
  };
}

/** The coverage.updated events the probe saw for `memberId`. */
export function coverageFor(h: Harness, memberId: string): CoverageUpdated[] {
  return h.probe.records
    .filter((r: ProbedRecord) => r.key === memberId)
    .map((r) => r.value as CoverageUpdated);
}

export async function waitForCoverage(
  h: Harness,
  memberId: string,
  count = 1,
): Promise<ProbedRecord[]> {
  return h.probe.waitFor((r) => r.key === memberId, { count, timeoutMs: 60_000 });
}

const SAMPLES_837 = {
  professional: join(__dirname, '../../../docs/samples/x12/837p-professional-claim.x12'),
  institutional: join(__dirname, '../../../docs/samples/x12/837i-inpatient-claim.x12'),
};

/** One claim of a test: the member, the interchange control number, the patient control number. */
export interface ClaimIds {
  readonly member: string;
  readonly controlNumber: string;
  readonly patientControlNumber: string;
}

export function newClaimIds(): ClaimIds {
  const ids = newSampleIds();
  return {
    member: ids.members[0],
    controlNumber: ids.controlNumber,
    patientControlNumber: `PCN-${randomUUID().slice(0, 8).toUpperCase()}`,
  };
}

/** The sample 837P or 837I with these ids (CLM01 is the patient control number). */
export async function sample837(
  form: keyof typeof SAMPLES_837,
  ids: ClaimIds,
  frequency: '1' | '7' | '8' = '1',
): Promise<string> {
  const text = await readFile(SAMPLES_837[form], 'utf8');
  return withControlNumber(
    text
      .replace(/SAMPLE837[IP]01/, ids.member)
      .replace(/CLM\*[^*]+\*/, `CLM*${ids.patientControlNumber}*`)
      .replace(/(CLM\*[^~]*\*\d\d:[AB]:)1\*/, `$1${frequency}*`),
    ids.controlNumber,
  );
}

/** The claims.medical.v1 events the probe saw for `memberId`. */
export function claimsFor(h: Harness, memberId: string): ClaimAdjudicated[] {
  return h.probe.records
    .filter((r) => r.topic === topics.medicalClaims.name && r.key === memberId)
    .map((r) => r.value as ClaimAdjudicated);
}

export async function waitForClaims(h: Harness, memberId: string, count = 1) {
  return h.probe.waitFor((r) => r.topic === topics.medicalClaims.name && r.key === memberId, {
    count,
    timeoutMs: 60_000,
  });
}

/** The text of `path` once it exists (a drop folder answer). */
export async function waitForFile(path: string): Promise<string> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      return await readFile(path, 'utf8');
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`no file ${path}`);
}
