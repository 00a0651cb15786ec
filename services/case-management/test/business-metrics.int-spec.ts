import { scrapeMetric } from '@careflow/platform';
import {
  caseEventWhere,
  coverMember,
  daysAgo,
  encounter,
  newMember,
  publish,
  startHarness,
  type Harness,
} from './harness';

const CHRONIC = { criterion: 'four-or-more-chronic-conditions', source: 'encounters' };

describe('case-management: business metrics move with real identifications', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('counts a new case by criterion and source once it is committed, and cases by status', async () => {
    const identified = await scrapeMetric(h.service, 'careflow_ccm_identifications_total', CHRONIC);
    const open = await scrapeMetric(h.service, 'careflow_cases', { status: 'identified' });
    const member = newMember();
    await coverMember(h, member);
    await publish(h, 'encounters.v1', [
      encounter(member, daysAgo(200), ['E119']),
      encounter(member, daysAgo(150), ['I10']),
      encounter(member, daysAgo(100), ['J449']),
      encounter(member, daysAgo(50), ['I5023']),
    ]);
    const opened = await caseEventWhere(h, member, (c) => c.status === 'identified');
    expect(opened.criteriaMet).toEqual([CHRONIC.criterion]);
    // Published after commit: the counter moved before the event reached the topic.
    expect(await scrapeMetric(h.service, 'careflow_ccm_identifications_total', CHRONIC)).toBe(
      identified + 1,
    );
    expect(await scrapeMetric(h.service, 'careflow_cases', { status: 'identified' })).toBe(
      open + 1,
    );
    const text = (await h.service.request('GET', '/metrics')).text;
    expect(text).toMatch(/careflow_cases\{[^}]*status="closed"[^}]*\} \d+/);
    expect(text).not.toContain(member);
    expect(text).not.toContain(opened.caseId);
  });
});
