import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  coverageFor,
  newSampleIds,
  postX12,
  sample834,
  startHarness,
  waitForCoverage,
  withControlNumber,
  waitForFile,
  type Harness,
  type SampleIds,
} from './harness';

/**
 * A "marker": a later, valid file for the same members. Their events share the members'
 * partitions, so once the marker's events are seen, anything an earlier request had published
 * for those members would have been seen before them.
 */
async function sendMarker(h: Harness, ids: SampleIds): Promise<void> {
  const marker = { ...newSampleIds(), members: ids.members };
  const text = (await sample834(marker))
    .replaceAll('20270101', '20270201')
    .replaceAll('20260101', '20260201')
    .replaceAll('20250101', '20250201');
  const answer = await postX12(h, text);
  expect(answer.text).toContain('IK5*A');
  for (const member of ids.members)
    await h.probe.waitFor(
      (r) =>
        r.key === member &&
        ['2027-02-01', '2026-02-01', '2025-02-01'].includes(
          (r.value as { effectiveDate: string }).effectiveDate,
        ),
      { timeoutMs: 60_000 },
    );
}

describe('interop-gateway: X12 834 enrollment in, coverage.updated out', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('publishes each member loop as coverage.updated and answers an accepting 999', async () => {
    const ids = newSampleIds();
    const answer = await postX12(h, await sample834(ids));
    expect(answer.status).toBe(200);
    expect(answer.kind).toBe('999');
    expect(answer.text).toContain('AK2*834*0001*005010X220A1~\nIK5*A~');
    expect(answer.text).toContain('AK9*A*1*1*1~');
    const [add] = await waitForCoverage(h, ids.members[0]);
    expect(add!.value).toMatchObject({
      memberId: ids.members[0],
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'fully-insured',
      group: { id: 'ACME-0042', name: 'ACME TOOL AND DIE' },
      effectiveDate: '2027-01-01',
      terminationDate: null,
      pcp: { npi: '1234567893' },
    });
    expect(add!.headers['ce_type']).toBe('coverage.updated');
    const [change] = await waitForCoverage(h, ids.members[1]);
    expect(change!.value).toMatchObject({
      lineOfBusiness: 'medicare-plus-blue',
      group: { id: 'uaw-retiree-trust' },
    });
    const [term] = await waitForCoverage(h, ids.members[2]);
    expect(term!.value).toMatchObject({
      effectiveDate: '2025-01-01',
      terminationDate: '2026-12-31',
    });
  });

  it('publishes nothing new for a file sent twice, answering its first 999', async () => {
    const ids = newSampleIds();
    const text = await sample834(ids);
    const first = await postX12(h, text);
    const second = await postX12(h, text);
    expect(second).toMatchObject({ status: 200, kind: '999', duplicate: 'true', text: first.text });
    await sendMarker(h, ids);
    for (const member of ids.members) expect(coverageFor(h, member)).toHaveLength(2);
  });

  it('rejects a set with errors whole, naming them in the 999, while the other set flows', async () => {
    const good = newSampleIds();
    const bad = newSampleIds();
    const goodText = await sample834(good);
    const badSet = (await sample834(bad))
      .replace('DMG*D8*19780314*F', 'DMG*D8*19781399*F')
      .replaceAll('*0001', '*0002');
    const slice = (t: string) => t.slice(t.indexOf('ST*834'), t.indexOf('GE*'));
    const text = goodText
      .replace(slice(goodText), slice(goodText) + slice(badSet))
      .replace('GE*1*101', 'GE*2*101');
    const answer = await postX12(h, text);
    expect(answer.text).toContain('AK2*834*0001*005010X220A1~\nIK5*A~');
    expect(answer.text).toContain(
      'AK2*834*0002*005010X220A1~\nIK3*DMG*12*2100A*8~\nIK4*2*1251*8~\nIK5*R*5~',
    );
    expect(answer.text).toContain('AK9*P*2*2*1~');
    for (const member of good.members) await waitForCoverage(h, member);
    await sendMarker(h, bad);
    for (const member of bad.members) expect(coverageFor(h, member)).toHaveLength(1);
  });

  it.each([
    ['a truncated file', (t: string) => t.slice(0, t.indexOf('SE*')), '023'],
    [
      'wrong segment terminators',
      (t: string) => t.replaceAll('~', '\u0007').replace(/^(.{105})./, '$1A'),
      '004',
    ],
    [
      'an invalid interchange control number',
      (t: string) => t.replace(/IEA\*1\*\d{9}/, 'IEA*1*000000000'),
      '001',
    ],
    ['garbage bytes', (t: string) => `\u0000\u00ff${t.slice(40, 400)}`, '022'],
  ])('answers %s with a TA1 and publishes nothing', async (_case, spoil, note) => {
    const ids = newSampleIds();
    const answer = await postX12(h, spoil(await sample834(ids)));
    expect(answer.status).toBe(200);
    expect(answer.kind).toBe('TA1');
    expect(answer.text).toMatch(new RegExp(`TA1\\*\\d{9}\\*\\d{6}\\*\\d{4}\\*R\\*${note}~`));
    await sendMarker(h, ids);
    for (const member of ids.members) expect(coverageFor(h, member)).toHaveLength(1);
  });

  it('answers TA1 025 for a control number reused with other content', async () => {
    const ids = newSampleIds();
    await postX12(h, await sample834(ids));
    const other = await sample834({ ...newSampleIds(), controlNumber: ids.controlNumber });
    const answer = await postX12(h, other);
    expect(answer.text).toContain('*R*025~');
  });

  it('refuses a body not sent as application/edi-x12', async () => {
    const answer = await postX12(h, await sample834(newSampleIds()), 'text/plain');
    expect(answer.status).toBe(415);
  });

  it('reads the drop folder: publishes, writes the 999 beside it, moves the file', async () => {
    const ids = newSampleIds();
    await writeFile(join(h.dropFolder, 'enrollment-1.x12'), await sample834(ids));
    await waitForCoverage(h, ids.members[0]);
    const ack = await waitForFile(join(h.dropFolder, 'acknowledgments', 'enrollment-1.x12.999'));
    expect(ack).toContain('AK9*A*1*1*1~');
    await waitForFile(join(h.dropFolder, 'processed', 'enrollment-1.x12'));
  });

  it('keeps the sample valid after a control number change', async () => {
    expect(withControlNumber('ISA*x*00501*000000101*0~IEA*1*000000101~', '123456789')).toBe(
      'ISA*x*00501*123456789*0~IEA*1*123456789~',
    );
  });
});
