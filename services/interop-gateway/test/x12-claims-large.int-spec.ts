import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newClaimIds, postX12, startHarness, withControlNumber, type Harness } from './harness';

const SAMPLE = join(__dirname, '../../../docs/samples/x12/837p-professional-claim.x12');
const SIZE = 50 * 1024 * 1024;
const CLAIMS_PER_SET = 100;
const LINES_PER_CLAIM = 40;

/**
 * A 50 MB 837P made from the sample: sets of 100 claims of 40 service lines each, one member.
 * Answers the text and how many sets and claims it holds.
 */
async function large837(member: string, controlNumber: string) {
  const lines = (await readFile(SAMPLE, 'utf8')).split('\n').filter((l) => l.length > 0);
  const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
  const [isa, gs] = [lines[0]!, lines[1]!];
  const heading = lines.slice(at('BHT'), at('HL*2'));
  const subscriber = lines.slice(at('HL*2'), at('CLM'));
  const claimHead = lines.slice(at('CLM'), at('LX*1'));
  const line = lines.slice(at('LX*2'), at('SE*'));
  const parts = [isa, gs];
  let size = 0;
  let sets = 0;
  while (size < SIZE) {
    sets += 1;
    const control = String(sets).padStart(4, '0');
    const body = [`ST*837*${control}*005010X222A1~`, ...heading];
    for (let c = 0; c < CLAIMS_PER_SET; c++) {
      body.push(
        ...subscriber.map((s) =>
          s.replace('HL*2*1*', `HL*${c + 2}*1*`).replace('SAMPLE837P01', member),
        ),
      );
      body.push(...claimHead.map((s) => s.replace('CLM*GLC-2027-0042', `CLM*L${sets}-${c}`)));
      for (let n = 1; n <= LINES_PER_CLAIM; n++)
        body.push(...line.map((s) => s.replace('LX*2', `LX*${n}`)));
    }
    body.push(`SE*${body.length + 1}*${control}~`);
    const text = `${body.join('\n')}\n`;
    size += text.length;
    parts.push(text);
  }
  parts.push(`GE*${sets}*301~`, 'IEA*1*000000301~');
  return { text: withControlNumber(parts.join('\n'), controlNumber), sets };
}

describe('interop-gateway: a 50 MB 837', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('is read one transaction set at a time: every set accepted, memory growth bounded', async () => {
    const ids = newClaimIds();
    const { text, sets } = await large837(ids.member, ids.controlNumber);
    expect(text.length).toBeGreaterThanOrEqual(SIZE);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    try {
      const answer = await postX12(h, text);
      expect(answer.kind).toBe('999');
      expect(answer.text).toContain(`AK9*A*${sets}*${sets}*${sets}~`);
    } finally {
      clearInterval(sampler);
    }
    // Reading the whole interchange into one object graph took about 3.4 GB for this file; set
    // by set it stays within the text, one set and the events of the file.
    expect(peak - before).toBeLessThan(1536 * 1024 * 1024);
    const rows: { published: string }[] = await h.db.query(
      `SELECT sum(events_published) AS published FROM interop_gateway.x12_transaction_sets
        WHERE set_control = '0001' AND group_control = '301' AND received_at > now() - interval '1 hour'
          AND interchange_sha256 IN (SELECT content_sha256 FROM interop_gateway.x12_interchanges
                                      WHERE control_number = $1)`,
      [ids.controlNumber],
    );
    expect(Number(rows[0]?.published)).toBe(CLAIMS_PER_SET);
  });
});
