import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  claimsFor,
  newClaimIds,
  newSampleIds,
  postX12,
  sample837,
  startHarness,
  waitForClaims,
  waitForFile,
  type Harness,
} from './harness';

/**
 * A later, valid claim for the same member: its event shares the member's partition, so once it
 * is seen, anything an earlier request had published for that member would have been seen too.
 */
async function sendMarker(h: Harness, member: string): Promise<void> {
  const marker = { ...newClaimIds(), member };
  expect((await postX12(h, await sample837('professional', marker))).text).toContain('IK5*A');
  await h.probe.waitFor(
    (r) =>
      r.key === member &&
      (r.value as { claimId?: string }).claimId?.endsWith(marker.patientControlNumber) === true,
    { timeoutMs: 60_000 },
  );
}

describe('interop-gateway: X12 837 claims in, claims.medical.v1 out', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('publishes an 837I inpatient claim as a submitted claim and answers an accepting 999', async () => {
    const ids = newClaimIds();
    const answer = await postX12(h, await sample837('institutional', ids));
    expect(answer.status).toBe(200);
    expect(answer.kind).toBe('999');
    expect(answer.text).toContain('AK1*HC*201*005010X223A2~');
    expect(answer.text).toContain('AK2*837*0001*005010X223A2~\nIK5*A~');
    const [event] = await waitForClaims(h, ids.member);
    expect(event!.headers['ce_type']).toBe('claim.adjudicated');
    expect(event!.value).toMatchObject({
      claimId: `1234567893-${ids.patientControlNumber}`,
      memberId: ids.member,
      claimType: 'institutional-inpatient',
      status: 'paid',
      claimStage: 'submitted',
      claimFrequency: 'original',
      admissionDate: '2027-01-10',
      dischargeDate: '2027-01-15',
      dischargeStatus: '01',
      typeOfBill: '111',
      facilityNpi: '1234567893',
      diagnosisCodes: ['I5023', 'E119', 'N179'],
      drg: '291',
    });
  });

  it('publishes an 837P with its place of service, lines and rendering provider', async () => {
    const ids = newClaimIds();
    const answer = await postX12(h, await sample837('professional', ids));
    expect(answer.text).toContain('AK2*837*0001*005010X222A1~\nIK5*A~');
    const [event] = await waitForClaims(h, ids.member);
    expect(event!.value).toMatchObject({
      claimType: 'professional',
      placeOfService: '11',
      procedureCodes: ['99214', '93000'],
      serviceFrom: '2027-01-18',
      renderingProviderNpi: '1326480955',
      claimStage: 'submitted',
    });
  });

  it('a replacement (7) and a void (8) carry the original claimId', async () => {
    const ids = newClaimIds();
    await postX12(h, await sample837('institutional', ids));
    const replacement = { ...ids, controlNumber: newSampleIds().controlNumber };
    const replaced = (await sample837('institutional', replacement, '7')).replace(
      'DTP*434*RD8*20270110-20270115~',
      'DTP*434*RD8*20270110-20270116~',
    );
    expect((await postX12(h, replaced)).text).toContain('IK5*A');
    const voided = { ...ids, controlNumber: newSampleIds().controlNumber };
    expect((await postX12(h, await sample837('institutional', voided, '8'))).text).toContain(
      'IK5*A',
    );
    const events = await waitForClaims(h, ids.member, 3);
    const claimIds = new Set(events.map((e) => (e.value as { claimId: string }).claimId));
    expect(claimIds.size).toBe(1);
    expect(events.map((e) => e.value)).toEqual([
      expect.objectContaining({ claimFrequency: 'original', status: 'paid' }),
      expect.objectContaining({
        claimFrequency: 'replacement',
        status: 'paid',
        dischargeDate: '2027-01-16',
      }),
      expect.objectContaining({ claimFrequency: 'void', status: 'reversed' }),
    ]);
  });

  it('rejects an invalid claim naming segment and element, never the value, and publishes nothing of it', async () => {
    const ids = newClaimIds();
    const bad = (await sample837('professional', ids)).replace('ABK:I5022', 'ABK:Z99ZZZZZZ');
    const answer = await postX12(h, bad);
    expect(answer.kind).toBe('999');
    expect(answer.text).toContain('IK3*HI*19*2300*8~\nIK4*1:2*1271*7~');
    expect(answer.text).toContain('IK5*R*5~');
    expect(answer.text).toContain('AK9*R*1*1*0~');
    expect(answer.text).not.toContain('Z99ZZZZZZ');
    await sendMarker(h, ids.member);
    expect(claimsFor(h, ids.member).map((c) => c.claimId)).toHaveLength(1);
  });

  it('accepts the good set and rejects the bad one of one group (AK9 P)', async () => {
    const good = newClaimIds();
    const bad = { ...newClaimIds(), controlNumber: good.controlNumber };
    const first = await sample837('professional', good);
    const second = (await sample837('professional', bad)).replace('11:B:1', '11:B:9');
    const setOf = (text: string, control: string) =>
      text.slice(text.indexOf('ST*837'), text.indexOf('GE*')).replaceAll('*0001', `*${control}`);
    const text = first
      .replace(/ST\*837[\s\S]*?(?=GE\*)/, setOf(first, '0001') + setOf(second, '0002'))
      .replace('GE*1*', 'GE*2*');
    const answer = await postX12(h, text);
    expect(answer.text).toContain('AK2*837*0001*005010X222A1~\nIK5*A~');
    expect(answer.text).toContain(
      'AK2*837*0002*005010X222A1~\nIK3*CLM*18*2300*8~\nIK4*5:3*1325*7~',
    );
    expect(answer.text).toContain('AK9*P*2*2*1~');
    await waitForClaims(h, good.member);
    await sendMarker(h, bad.member);
    expect(claimsFor(h, bad.member)).toHaveLength(1);
  });

  it('publishes nothing new for a file sent twice; another file under the same ISA13 gets TA1 025', async () => {
    const ids = newClaimIds();
    const text = await sample837('institutional', ids);
    const first = await postX12(h, text);
    await waitForClaims(h, ids.member);
    const again = await postX12(h, text);
    expect(again.duplicate).toBe('true');
    expect(again.text).toBe(first.text);
    const reused = await postX12(h, text.replace('CL1*1*1*01~', 'CL1*1*1*02~'));
    expect(reused.kind).toBe('TA1');
    expect(reused.text).toContain('*R*025~');
    await sendMarker(h, ids.member);
    expect(
      claimsFor(h, ids.member).filter(
        (c) => c.claimId === `1234567893-${ids.patientControlNumber}`,
      ),
    ).toHaveLength(1);
  });

  it('reads an 837 from the drop folder and writes its 999 beside it', async () => {
    const ids = newClaimIds();
    await writeFile(join(h.dropFolder, 'claims-1.x12'), await sample837('institutional', ids));
    await waitForClaims(h, ids.member);
    const ack = await waitForFile(join(h.dropFolder, 'acknowledgments', 'claims-1.x12.999'));
    expect(ack).toContain('AK9*A*1*1*1~');
  });
});
