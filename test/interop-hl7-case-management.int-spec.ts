import { DataSource } from 'typeorm';
import {
  daysAgo,
  evaluationAfter,
  startHarness as startCaseManagement,
  type Harness as CaseManagement,
} from '../services/case-management/test/harness';
import { MllpListener } from '../services/interop-gateway/src/hl7/mllp-listener';
import { startHarness, type Harness } from '../services/interop-gateway/test/harness';
import { MllpClient, newId, sample } from '../services/interop-gateway/test/mllp-client';

/** YYYYMMDD of a YYYY-MM-DD date, as HL7 writes it. */
const hl7Date = (date: string) => date.replace(/-/g, '');

interface StoredProfile {
  labs: { resultId: string; loinc: string; value: number | string | null; unit: string | null }[];
  inpatientStays: { source: { id: string } }[];
}

/**
 * The HL7 door end to end: an ADT^A03 and an ORU^R01 over a real MLLP connection to the gateway,
 * their events through Kafka, case-management's clinical profile and evaluation. Both services run
 * on the real broker and database. The member's discharge names three of the document's chronic
 * conditions (heart failure, hypertension, COPD); two HbA1c results at or above 6.5 % establish a
 * fourth, diabetes (American Diabetes Association, Standards of Care 2025 section 2, the rule of
 * libs/ccm-criteria's lab evidence), so the four-or-more criterion is met; 6.4 % is not.
 */
describe('HL7 v2 through the interop gateway reaches case management', () => {
  let gateway: Harness;
  let cm: CaseManagement;
  let client: MllpClient;

  beforeAll(async () => {
    cm = await startCaseManagement();
    gateway = await startHarness();
    client = await MllpClient.open(gateway.service.app.get(MllpListener).port);
  });

  afterAll(async () => {
    client.close();
    await gateway.stop();
    await cm.stop();
  });

  async function send(name: string, member: string, edit: (m: string) => string): Promise<void> {
    const controlId = newId();
    const ack = await client.send(edit(await sample(name, member, controlId)));
    expect(ack[1]).toBe(`MSA|AA|${controlId}`);
  }

  /** An A03 with three chronic conditions, then an ORU with two HbA1c results of `values`. */
  async function stayAndLabs(member: string, values: [string, string]): Promise<void> {
    await send('adt-a03-discharge.hl7', member, (m) =>
      m
        .replace('20270110091500', `${hl7Date(daysAgo(40))}091500`)
        .replace('20270115140000', `${hl7Date(daysAgo(35))}140000`)
        .replace(
          'E11.9^Type 2 diabetes mellitus without complications',
          'I10^Essential hypertension',
        )
        .replace(
          /\rDG1\|2\|/,
          '\rDG1|3||J44.9^Chronic obstructive pulmonary disease, unspecified^I10||20270110|F\rDG1|2|',
        ),
    );
    await send('oru-r01-lab-results.hl7', member, (m) =>
      m
        .replaceAll('20270119070000', `${hl7Date(daysAgo(20))}070000`)
        .replace('||9.1|%|', `||${values[0]}|%|`)
        .replace(
          /OBX\|2\|NM\|2345-7\^[^|]*\^LN\|\|182\|mg\/dL\|70-99\|/,
          `OBX|2|NM|4548-4^Hemoglobin A1c/Hemoglobin.total in Blood^LN||${values[1]}|%|4.0-5.6|`,
        ),
    );
  }

  async function profileOf(member: string): Promise<StoredProfile> {
    const [row] = await cm.service.app
      .get(DataSource)
      .query<{ profile: StoredProfile }[]>(
        `SELECT profile FROM clinical_profiles WHERE member_id = $1`,
        [member],
      );
    if (!row) throw new Error('no clinical profile');
    return row.profile;
  }

  it('an ORU^R01 HbA1c over the threshold is in the clinical profile and counts as evidence of a fourth chronic condition', async () => {
    const member = `H${newId().slice(0, 11)}`;
    await stayAndLabs(member, ['9.1', '7.8']);
    // The discharge and the two results (one event per OBX).
    const answer = await evaluationAfter(cm, member, 3, 60_000);
    const profile = await profileOf(member);
    expect(profile.inpatientStays.map((s) => s.source.id)).toEqual(['V2027-00017']);
    expect(profile.labs).toEqual([
      expect.objectContaining({ resultId: 'FIL-99812-1', loinc: '4548-4', value: 9.1, unit: '%' }),
      expect.objectContaining({ resultId: 'FIL-99812-2', loinc: '4548-4', value: 7.8, unit: '%' }),
    ]);
    expect(answer.evaluation?.criteriaMet).toContain('four-or-more-chronic-conditions');
    const evidence = answer.evaluation?.evidence.find(
      (e) => e.criterionId === 'four-or-more-chronic-conditions',
    ) as { summary?: string } | undefined;
    expect(evidence?.summary).toMatch(/Diabetes[^)]*by laboratory: 2 /);
  });

  it('HbA1c results under the threshold (6.4 %) are kept but establish nothing', async () => {
    const member = `H${newId().slice(0, 11)}`;
    await stayAndLabs(member, ['6.4', '6.3']);
    const answer = await evaluationAfter(cm, member, 3, 60_000);
    expect((await profileOf(member)).labs.map((l) => l.value)).toEqual([6.4, 6.3]);
    expect(answer.evaluation?.criteriaMet ?? []).not.toContain('four-or-more-chronic-conditions');
  });
});
