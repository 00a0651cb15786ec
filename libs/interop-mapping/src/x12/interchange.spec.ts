import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  implementationAcknowledgment,
  interchangeAcknowledgment,
  type AcknowledgmentEnvelope,
} from './acknowledgments';
import { readInterchange } from './interchange';

const sample = readFileSync(
  join(__dirname, '../../../../docs/samples/x12/834-enrollment-changes.x12'),
  'utf8',
);

/** The sample with a second transaction set, `0002`, whose trailer is `trailer`. */
function twoSets(trailer: string): string {
  const set = sample.slice(sample.indexOf('ST*834'), sample.indexOf('GE*'));
  const second = set.replaceAll('*0001', '*0002').replace(/SE\*35\*0002~/, trailer);
  return sample.replace(set, set + second).replace('GE*1*101', 'GE*2*101');
}

const envelope = (reading: ReturnType<typeof readInterchange>): AcknowledgmentEnvelope => ({
  received: reading.header,
  controlNumber: 7,
  date: '2026-12-01',
  time: '12:30',
  receiverId: 'CAREFLOW',
});

describe('X12 envelopes', () => {
  it('reads the groups and sets of a well-formed interchange', () => {
    const reading = readInterchange(sample);
    expect(reading.kind).toBe('interchange');
    if (reading.kind !== 'interchange') return;
    expect(reading.header).toMatchObject({ senderId: 'BCBSMENROLL', controlNumber: '000000101' });
    expect(reading.groups).toHaveLength(1);
    expect(reading.groups[0]).toMatchObject({
      functionalId: 'BE',
      controlNumber: '101',
      version: '005010X220A1',
    });
    expect(reading.groups[0]?.sets.map((s) => [s.type, s.controlNumber, s.error])).toEqual([
      ['834', '0001', undefined],
    ]);
  });

  it.each([
    ['garbage bytes', '\u0000\u00ff garbage \u0001', '022'],
    ['a truncated file (no IEA)', sample.slice(0, sample.indexOf('GE*')), '023'],
    ['a file cut inside the ISA', sample.slice(0, 60), '023'],
    ['an alphanumeric segment terminator', sample.replace('*:~', '*:X'), '004'],
    [
      'a non-numeric interchange control number',
      sample.replace('*000000101*0*T', '*00000010A*0*T'),
      '018',
    ],
    ['IEA02 differing from ISA13', sample.replace('IEA*1*000000101', 'IEA*1*000000102'), '001'],
    ['IEA01 not the number of groups', sample.replace('IEA*1*', 'IEA*2*'), '021'],
    ['an unsupported version', sample.replace('*00501*', '*00401*'), '017'],
  ])('answers %s with a TA1 note', (_case, text, note) => {
    const reading = readInterchange(text);
    expect(reading).toMatchObject({ kind: 'envelope-error', note });
    const ta1 = interchangeAcknowledgment(envelope(reading), note as never);
    expect(ta1).toMatch(new RegExp(`TA1\\*[0-9]{9}\\*[0-9]{6}\\*[0-9]{4}\\*R\\*${note}~`));
    expect(ta1.startsWith('ISA*00*')).toBe(true);
    expect(ta1.split('\n')[0]).toHaveLength(106);
  });

  it.each([
    ['SE01 not the number of segments', 'SE*30*0002~', '4'],
    ['SE02 not ST02', 'SE*35*0009~', '3'],
  ])('rejects only the set with %s, the other set stays accepted', (_case, trailer, code) => {
    const reading = readInterchange(twoSets(trailer));
    if (reading.kind !== 'interchange') throw new Error('expected an interchange');
    const sets = reading.groups[0]?.sets ?? [];
    expect(sets.map((s) => s.error)).toEqual([undefined, code]);
    const ack = implementationAcknowledgment(envelope(reading), [
      {
        group: reading.groups[0]!,
        sets: sets.map((s) => ({ ...s, ...(s.error ? { syntaxError: s.error } : {}), errors: [] })),
      },
    ]);
    expect(ack).toContain('AK2*834*0001*005010X220A1~\nIK5*A~');
    expect(ack).toContain(`AK2*834*0002*005010X220A1~\nIK5*R*${code}~`);
    expect(ack).toContain('AK9*P*2*2*1~');
  });

  it('writes a 999 whose trailers count its segments, with IK3/IK4 for content errors', () => {
    const reading = readInterchange(sample);
    if (reading.kind !== 'interchange') throw new Error('expected an interchange');
    const ack = implementationAcknowledgment(envelope(reading), [
      {
        group: reading.groups[0]!,
        sets: [
          {
            type: '834',
            controlNumber: '0001',
            implementation: '005010X220A1',
            errors: [
              {
                segmentTag: 'DMG',
                position: 12,
                loopId: '2100A',
                code: '8',
                element: { position: 2, reference: '1251', code: '8' },
              },
            ],
          },
        ],
      },
    ]);
    const lines = ack.trim().split('\n');
    expect(lines).toEqual([
      'ISA*00*          *00*          *ZZ*CAREFLOW       *ZZ*BCBSMENROLL    *261201*1230*^*00501*000000007*0*T*:~',
      'GS*FA*CAREFLOW*BCBSMENROLL*20261201*1230*7*X*005010X231A1~',
      'ST*999*0001*005010X231A1~',
      'AK1*BE*101*005010X220A1~',
      'AK2*834*0001*005010X220A1~',
      'IK3*DMG*12*2100A*8~',
      'IK4*2*1251*8~',
      'IK5*R*5~',
      'AK9*R*1*1*0~',
      'SE*8*0001~',
      'GE*1*7~',
      'IEA*1*000000007~',
    ]);
  });
});
