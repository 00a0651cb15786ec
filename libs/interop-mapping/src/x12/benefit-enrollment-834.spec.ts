import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBenefitEnrollment } from './benefit-enrollment-834';
import { DEFAULT_ENROLLMENT_MAPPING } from './enrollment-mapping';
import { readInterchange, type TransactionSetReading } from './interchange';

const sample = readFileSync(
  join(__dirname, '../../../../docs/samples/x12/834-enrollment-changes.x12'),
  'utf8',
);

function onlySet(text: string): TransactionSetReading {
  const reading = readInterchange(text);
  if (reading.kind !== 'interchange') throw new Error(`envelope error ${reading.note}`);
  const set = reading.groups[0]?.sets[0];
  if (!set) throw new Error('no set');
  return set;
}

describe('834 benefit enrollment to coverage.updated', () => {
  it('maps an add, a change and a termination with plan, group, PCP and dates', () => {
    const set = onlySet(sample);
    expect(set.error).toBeUndefined();
    const reading = readBenefitEnrollment(set.segments, DEFAULT_ENROLLMENT_MAPPING);
    expect(reading.errors).toEqual([]);
    expect(reading.fileKind).toBe('change');
    expect(reading.changes.map((c) => c.maintenance)).toEqual([
      'addition',
      'change',
      'termination',
    ]);
    const [add, change, term] = reading.changes.map((c) => c.coverage);
    expect(add).toEqual({
      memberId: 'SAMPLE834A01',
      firstName: 'AVERY',
      lastName: 'SAMPLE',
      birthDate: '1978-03-14',
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'fully-insured',
      group: { id: 'ACME-0042', name: 'ACME TOOL AND DIE' },
      effectiveDate: '2027-01-01',
      terminationDate: null,
      pcp: {
        npi: '1234567893',
        name: 'MARCUS WELBY',
        phone: '3135550100',
        address: {
          line1: '200 CLINIC DR',
          line2: null,
          city: 'DETROIT',
          state: 'MI',
          postalCode: '48201',
        },
      },
      state: 'MI',
    });
    expect(change).toMatchObject({
      lineOfBusiness: 'medicare-plus-blue',
      group: { id: 'uaw-retiree-trust' },
      effectiveDate: '2026-01-01',
      pcp: null,
    });
    expect(term).toMatchObject({
      memberId: 'SAMPLE834C03',
      lineOfBusiness: 'bcn-commercial',
      fundingType: 'individual',
      group: null,
      terminationDate: '2026-12-31',
    });
  });

  it('rejects the set naming the segment, loop and element at fault, and maps nothing of it', () => {
    const broken = sample
      .replace('DMG*D8*19780314*F', 'DMG*D8*19781399*F')
      .replace('INS*Y*18*001', 'INS*Y*18*099');
    const reading = readBenefitEnrollment(onlySet(broken).segments, DEFAULT_ENROLLMENT_MAPPING);
    expect(reading.changes).toEqual([]);
    expect(reading.errors).toEqual([
      {
        segmentTag: 'DMG',
        position: 12,
        loopId: '2100A',
        code: '8',
        element: { position: 2, reference: '1251', code: '8' },
      },
      {
        segmentTag: 'INS',
        position: 20,
        loopId: '2000',
        code: '8',
        element: { position: 3, reference: '875', code: '7' },
      },
    ]);
  });

  it('rejects a plan no rule maps and a termination without an end date', () => {
    const broken = sample
      .replace('HD*021**PPO*BLUE CROSS PPO STANDARD', 'HD*021**EPO*SOMETHING ELSE')
      .replace('DTP*349*D8*20261231~\n', '')
      .replace('SE*35*', 'SE*34*');
    const reading = readBenefitEnrollment(onlySet(broken).segments, DEFAULT_ENROLLMENT_MAPPING);
    expect(reading.errors.map((e) => [e.segmentTag, e.code, e.element?.code])).toEqual([
      ['HD', '8', 'I6'],
      ['DTP', 'I6', undefined],
    ]);
  });

  it('answers an invalid NPI of the PCP on the 2310 NM1', () => {
    const broken = sample.replace('XX*1234567893', 'XX*12345');
    const reading = readBenefitEnrollment(onlySet(broken).segments, DEFAULT_ENROLLMENT_MAPPING);
    expect(reading.errors).toEqual([
      {
        segmentTag: 'NM1',
        position: 16,
        loopId: '2310',
        code: '8',
        element: { position: 9, reference: '67', code: 'I12' },
      },
    ]);
  });
});
