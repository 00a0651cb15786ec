import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signInAs } from '@careflow/platform';
import {
  assignCase,
  openCaseByReferral,
  openHighRiskCase,
  startHarness,
  SUPERVISOR,
  type Harness,
} from './harness';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(__dirname, '..', '..', '..', 'docs', 'screenshots');
/** Case managers the development identity provider seeds (infra/identity/accounts.mjs). */
const ROSA = { id: 'cm-001', name: 'Rosa Martinez, RN' };
const DANIEL = { id: 'cm-002', name: 'Daniel Okafor, RN' };

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: unknown[];
}

describe('the case managers’ workspace in a real browser, signed in at the identity provider', () => {
  let h: Harness;
  let browser: Browser;
  let workspaceUrl: string;
  let highRisk: { memberId: string; caseId: string };
  let referred: { memberId: string; caseId: string };
  let daniels: { memberId: string; caseId: string };

  beforeAll(async () => {
    h = await startHarness();
    workspaceUrl = `${h.service.baseUrl}/workspace/`;
    for (const cm of [ROSA, DANIEL]) {
      const added = await h.service.request('POST', '/case-managers', {
        principal: SUPERVISOR,
        body: { ...cm, phone: null, email: null, capacity: 500 },
      });
      expect([201, 409]).toContain(added.status); // seeded by an earlier run of the same database
    }
    highRisk = await openHighRiskCase(h); // Charlson 3 + 3 admission points
    referred = await openCaseByReferral(h);
    daniels = await openCaseByReferral(h);
    await assignCase(h, ROSA.id, referred.caseId);
    await assignCase(h, ROSA.id, highRisk.caseId);
    await assignCase(h, DANIEL.id, daniels.caseId);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  /** A page in its own browser context (its own sessionStorage), signed in as `sub`. */
  async function signedIn(sub: string): Promise<{ page: Page; errors: string[] }> {
    // Axe is injected as a script: the page's CSP (script-src 'self') would refuse it.
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInAs(page, workspaceUrl, sub);
    return { page, errors };
  }

  const row = (page: Page, caseId: string) => page.locator(`tr[data-case-id="${caseId}"]`);

  it('serves the page under the strict page policy, and its sign-in settings for this service', async () => {
    const page = await fetch(workspaceUrl);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    // The identity provider, and pcp-notification (letter previews, PCP calls; its default address).
    expect(csp).toContain(
      `connect-src 'self' ${new URL(process.env.AUTH_ISSUER!).origin} http://127.0.0.1:3004;`,
    );
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    // One address, the registered redirect URI: without the slash it redirects there.
    const bare = await fetch(workspaceUrl.slice(0, -1), { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/workspace/');
    const settings = (await (await fetch(`${workspaceUrl}config`)).json()) as object;
    expect(settings).toMatchObject({
      clientId: 'careflow-workspace',
      resource: 'urn:careflow:case-management',
      additionalResources: ['urn:careflow:pcp-notification'],
      pcpNotification: { url: 'http://127.0.0.1:3004', resource: 'urn:careflow:pcp-notification' },
    });
  });

  it('shows a case manager her caseload by risk, opens a case and logs an outreach attempt', async () => {
    const { page, errors } = await signedIn(ROSA.id);
    await row(page, highRisk.caseId).waitFor({ timeout: 30000 });
    expect(await page.textContent('#who')).toContain(ROSA.name);
    expect(new URL(page.url()).search).toBe(''); // the code left the address bar

    // Highest risk first, with the score and its evidence; criteria and assessment due shown.
    const order = await page.evaluate<string[]>(
      "[...document.querySelectorAll('tr[data-case-id]')].map((r) => r.dataset.caseId)",
    );
    expect(order.indexOf(highRisk.caseId)).toBeLessThan(order.indexOf(referred.caseId));
    const top = row(page, highRisk.caseId);
    expect(await top.locator('.risk-total').textContent()).toBe('6');
    await top.locator('summary').click();
    expect(await top.textContent()).toContain('I5023');
    expect(await top.textContent()).toContain('Admissions: 3');
    expect(await top.textContent()).toMatch(/admissions/i);
    expect(await page.textContent('#caseload')).not.toContain(daniels.memberId);

    // Open by keyboard: focus lands on the case heading, the timeline shows the opening.
    await top.getByRole('button', { name: `Open case ${highRisk.caseId}` }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#timeline li[data-kind="opened"]').waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('case-title');

    await page.getByLabel('Channel').selectOption('phone');
    await page.getByLabel('Outcome', { exact: true }).selectOption('left-message');
    await page.getByRole('button', { name: 'Log attempt' }).click();
    const attempt = page.locator('#timeline li[data-kind="outreach-attempt"]');
    await attempt.waitFor();
    expect(await attempt.textContent()).toContain('phone: left message');
    expect(await page.textContent('#outreach-status')).toContain('Attempt logged');

    const axe = await page.evaluate(
      `(async () => {
        const s = document.createElement('script');
        s.textContent = ${JSON.stringify(AXE)};
        document.head.append(s);
        return (await window.axe.run(document, { resultTypes: ['violations'] })).violations;
      })()`,
    );
    const serious = (axe as AxeViolation[]).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);

    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = join(SCREENSHOTS, 'workspace-case.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("never shows a second case manager the first one's members", async () => {
    const { page, errors } = await signedIn(DANIEL.id);
    await row(page, daniels.caseId).waitFor({ timeout: 30000 });
    const table = await page.textContent('#caseload');
    expect(table).not.toContain(highRisk.memberId);
    expect(table).not.toContain(referred.memberId);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
