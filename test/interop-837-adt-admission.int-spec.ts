import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { addDays } from '@careflow/ccm-criteria';
import { mllpFrame } from '@careflow/interop-mapping';
import {
  evaluationAfter,
  startHarness as startCaseManagement,
  type Harness as CaseManagement,
} from '../services/case-management/test/harness';
import { MllpListener } from '../services/interop-gateway/src/hl7/mllp-listener';
import {
  newClaimIds,
  postX12,
  sample837,
  startHarness as startGateway,
  type Harness as Gateway,
} from '../services/interop-gateway/test/harness';

const ADT_SAMPLE = join(__dirname, '../docs/samples/hl7/adt-a03-discharge.hl7');

/** The samples' stay (admitted 2027-01-10, discharged 2027-01-15) moved to `admitted`. */
function restay(text: string, admitted: string): string {
  const d8 = (days: number) => addDays(admitted, days).replaceAll('-', '');
  return text
    .replaceAll('20270110', d8(0))
    .replaceAll('20270111', d8(1))
    .replaceAll('20270115', d8(5));
}

/** Sends one HL7 message over MLLP and answers the acknowledgment's MSA segment. */
async function sendHl7(port: number, message: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  try {
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (data: Buffer) => {
        received += data.toString('utf8');
        if (received.includes('\x1c\r')) resolve();
      });
      socket.once('error', reject);
      socket.write(mllpFrame(message));
    });
  } finally {
    socket.destroy();
  }
  return received.split('\r').find((s) => s.startsWith('MSA')) ?? '';
}

/**
 * The hospital tells of one stay twice: the ADT^A03 over MLLP at discharge and the 837I claim
 * later through the X12 upload. Both reach case-management through Kafka; its clinical profile
 * holds both records and counts one admission.
 */
describe('an 837I and an ADT^A03 of the same stay are one admission in case-management', () => {
  let gateway: Gateway;
  let caseManagement: CaseManagement;

  beforeAll(async () => {
    caseManagement = await startCaseManagement();
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway.stop();
    await caseManagement.stop();
  });

  /** The sample A03 for `member`, its stay moved to `admitted`, under visit number `visit`. */
  async function discharge(member: string, admitted: string, visit: string): Promise<string> {
    // The control id first: the stay's dates are inside the sample's MSH-10.
    const text = (await readFile(ADT_SAMPLE, 'utf8')).replace('A03-20270115-0001', `A03-${visit}`);
    return restay(text, admitted)
      .trimEnd()
      .replace(/\n/g, '\r')
      .replaceAll('SAMPLEHL7A01', member)
      .replace('V2027-00017', visit);
  }

  it('counts the stay once, reported by both (three admissions, not four)', async () => {
    const ids = newClaimIds();
    const today = new Date().toISOString().slice(0, 10);
    const admitted = addDays(today, -30);
    const port = gateway.service.app.get(MllpListener).port;
    // Two earlier stays, months apart (neither a transfer nor a readmission).
    for (const [days, visit] of [
      [-200, `V-${ids.patientControlNumber}-1`],
      [-100, `V-${ids.patientControlNumber}-2`],
    ] as const)
      expect(await sendHl7(port, await discharge(ids.member, addDays(today, days), visit))).toMatch(
        /^MSA\|AA\|/,
      );
    const visit = `V-${ids.patientControlNumber}-3`;
    expect(await sendHl7(port, await discharge(ids.member, admitted, visit))).toMatch(/^MSA\|AA\|/);
    const claim = restay(await sample837('institutional', ids), admitted);
    expect((await postX12(gateway, claim)).text).toContain('IK5*A');

    const evaluation = await evaluationAfter(caseManagement, ids.member, 4, 60_000);
    const admissions = evaluation.evaluation?.evidence.find(
      (e) => e.criterionId === 'three-or-more-admissions-12-months',
    );
    expect(admissions).toMatchObject({
      count: 3,
      claimIds: [`1234567893-${ids.patientControlNumber}`],
    });
    expect(admissions?.encounterIds.slice().sort()).toEqual(
      [1, 2, 3].map((n) => `V-${ids.patientControlNumber}-${n}`),
    );
  });
});
