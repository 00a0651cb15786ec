import { topics } from '@careflow/contracts';
import {
  caseEventWhere,
  caseEventsOf,
  coverMember,
  daysAgo,
  discharge,
  encounter,
  fill,
  inpatientClaim,
  newMember,
  publish,
  publishCoverage,
  span,
  startHarness,
  SUPERVISOR,
  TODAY,
  type Harness,
} from './harness';

/** Re-identification after a decline or closure, hospital stays of enrolled members, and cases closing when coverage ends. */
describe('case-management re-identification and coverage end (real broker and database)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  const historyKinds = async (caseId: string): Promise<string[]> => {
    const rows = await h.dataSource.query<{ kind: string }[]>(
      `SELECT kind FROM case_events WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    return rows.map((r) => r.kind);
  };

  /** A covered member with four chronic conditions: a case opens. */
  const identified = async (): Promise<{ m: string; caseId: string }> => {
    const m = newMember();
    await coverMember(h, m);
    await publish(h, 'encounters.v1', [
      encounter(m, daysAgo(90), ['E119', 'I10', 'J449', 'I5023']),
    ]);
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
    return { m, caseId: opened.caseId };
  };

  const assess = async (caseId: string, outcome: 'enrolled' | 'declined'): Promise<void> => {
    const path = `/cases/${caseId}`;
    expect(
      (await h.service.request('POST', `${path}/review`, { principal: SUPERVISOR })).status,
    ).toBe(200);
    const answer = await h.service.request('POST', `${path}/assessment`, {
      principal: SUPERVISOR,
      body: { outcome },
    });
    expect(answer.status).toBe(200);
  };

  it('a declined member who meets a new criterion is held back during the quiet period, then identified again (a new case)', async () => {
    const { m, caseId } = await identified();
    await assess(caseId, 'declined');
    await caseEventWhere(h, m, (c) => c.status === 'declined');
    // A new criterion (polypharmacy) inside the 90-day quiet period: no new case, the decision is on record.
    await publish(
      h,
      'claims.pharmacy.v1',
      Array.from({ length: 31 }, () => fill(m, TODAY)),
    );
    for (let i = 0; !(await historyKinds(caseId)).includes('reoffer-deferred'); i++) {
      if (i > 300) throw new Error('reoffer-deferred not recorded');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(caseEventsOf(h, m).filter((c) => c.status === 'identified')).toHaveLength(1);
    const [deferred] = await h.dataSource.query<{ detail: { reason: string } }[]>(
      `SELECT detail FROM case_events WHERE case_id = $1 AND kind = 'reoffer-deferred'`,
      [caseId],
    );
    expect(deferred?.detail.reason).toBe('quiet-period');
    // The decline is older than the quiet period; another new criterion (a kidney transplant) re-identifies.
    await h.dataSource.query(
      `UPDATE cases SET closed_at = now() - interval '91 days' WHERE case_id = $1`,
      [caseId],
    );
    await publish(h, 'claims.medical.v1', [
      inpatientClaim(m, daysAgo(20), daysAgo(12), ['N186'], { icd10PcsCodes: ['0TY10Z0'] }),
    ]);
    const again = await caseEventWhere(
      h,
      m,
      (c) => c.status === 'identified' && c.caseId !== caseId,
    );
    expect(again.criteriaMet).toEqual(
      expect.arrayContaining(['major-organ-transplant', 'polypharmacy-over-30-per-quarter']),
    );
  });

  it('an enrolled member discharged from hospital prompts the case manager (hospital-stay update, once per encounter)', async () => {
    const { m, caseId } = await identified();
    await assess(caseId, 'enrolled');
    await caseEventWhere(h, m, (c) => c.status === 'enrolled');
    const stay = discharge(m, daysAgo(5), daysAgo(2), ['I5023']);
    await publish(h, 'adt.discharges.v1', [stay]);
    const [found] = await h.probe.waitFor(
      (r) => r.topic === topics.clinicalStatusUpdates.name && r.key === m,
    );
    expect(found!.value).toMatchObject({
      updateId: `adt-${stay.encounterId}`,
      caseId,
      conditionChanged: true,
      origin: 'hospital-stay',
      summary: `Hospital stay reported by the hospital (ADT): admitted ${daysAgo(5)}, discharged ${daysAgo(2)}, discharge status 01.`,
    });
    expect(await historyKinds(caseId)).toContain('hospital-stay');
  });

  it('an enrolled member admitted (ADT A01) prompts the case manager; the hospital cancelling the admission (A11) or a discharge (A13) withdraws its prompt, and a cancelled discharge no longer counts', async () => {
    const { m, caseId } = await identified();
    await assess(caseId, 'enrolled');
    await caseEventWhere(h, m, (c) => c.status === 'enrolled');
    const updatesOf = () =>
      h.probe.records
        .filter((r) => r.topic === topics.clinicalStatusUpdates.name && r.key === m)
        .map((r) => r.value as { updateId: string; retracts?: string | null });
    const admission = `ENC-${m}-A`;
    await publish(h, 'adt.stays.v1', [
      {
        encounterId: admission,
        memberId: m,
        change: 'admitted',
        facilityNpi: '1326041792',
        admissionDate: daysAgo(1),
      },
    ]);
    const [admitted] = await h.probe.waitFor(
      (r) => r.topic === topics.clinicalStatusUpdates.name && r.key === m,
    );
    expect(admitted!.value).toMatchObject({
      updateId: `adt-admit-${admission}`,
      caseId,
      conditionChanged: true,
      origin: 'hospital-stay',
      retracts: null,
      summary: `Hospital admission reported by the hospital (ADT): admitted ${daysAgo(1)}.`,
    });
    await publish(h, 'adt.stays.v1', [
      { encounterId: admission, memberId: m, change: 'admission-cancelled' },
    ]);
    await h.probe.waitFor((r) => r.topic === topics.clinicalStatusUpdates.name && r.key === m, {
      count: 2,
    });
    expect(updatesOf()[1]).toMatchObject({
      updateId: `adt-a11-${admission}`,
      conditionChanged: false,
      retracts: `adt-admit-${admission}`,
    });

    // A discharge, then its cancellation: the prompt is withdrawn and the stay leaves the profile.
    const stay = discharge(m, daysAgo(9), daysAgo(6), ['N186']);
    await publish(h, 'adt.discharges.v1', [stay]);
    await h.probe.waitFor((r) => r.topic === topics.clinicalStatusUpdates.name && r.key === m, {
      count: 3,
    });
    const stays = async (): Promise<string[]> => {
      const [row] = await h.dataSource.query<
        { profile: { inpatientStays: { source: { id: string } }[] } }[]
      >(`SELECT profile FROM clinical_profiles WHERE member_id = $1`, [m]);
      return (row?.profile.inpatientStays ?? []).map((s) => s.source.id);
    };
    expect(await stays()).toContain(stay.encounterId);
    await publish(h, 'adt.stays.v1', [
      { encounterId: stay.encounterId, memberId: m, change: 'discharge-cancelled' },
    ]);
    await h.probe.waitFor((r) => r.topic === topics.clinicalStatusUpdates.name && r.key === m, {
      count: 4,
    });
    expect(updatesOf()[3]).toMatchObject({
      updateId: `adt-a13-${stay.encounterId}`,
      retracts: `adt-${stay.encounterId}`,
    });
    expect(await stays()).not.toContain(stay.encounterId);
  });

  it('coverage ending while enrolled closes the case with reason coverage-ended', async () => {
    const { m, caseId } = await identified();
    await assess(caseId, 'enrolled');
    await caseEventWhere(h, m, (c) => c.status === 'enrolled');
    await publishCoverage(h, m, [span({ terminationDate: daysAgo(1) })], 2);
    const closed = await caseEventWhere(h, m, (c) => c.status === 'closed');
    expect(closed).toMatchObject({ caseId, closureReason: 'coverage-ended' });
    const view = await h.service.request('GET', `/cases/${caseId}`, { principal: SUPERVISOR });
    expect(view.body).toMatchObject({ status: 'closed', closureReason: 'coverage-ended' });
    expect(await historyKinds(caseId)).toContain('status-changed');
  });
});
