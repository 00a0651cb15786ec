import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signInAs, type Principal } from '@careflow/platform';
import * as cm from '../services/case-management/test/harness';
import * as pcp from '../services/pcp-notification/test/harness';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');
const RESULTS = join(__dirname, '..', '.data', 'test-results');
/** A case manager the development identity provider seeds (infra/identity/accounts.mjs). */
const ROSA: Principal = { id: 'cm-001', name: 'Rosa Martinez, RN', roles: ['case-manager'] };

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: unknown[];
}

/** A port free now, for pcp-notification: case-management's workspace settings name it first. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The workspace's case actions end to end in a real browser: case-management and pcp-notification
 * on the real broker, database and identity provider; the page calls pcp-notification (letter
 * preview, PCP calls) cross-origin with its second token, for pcp-notification's resource.
 */
describe('working a case from the workspace: assessment, status update letter, PCP call, closure', () => {
  let caseManagement: cm.Harness;
  let notifications: pcp.Harness;
  let browser: Browser;
  let opened: { memberId: string; caseId: string };

  const pcpCase = async (status: string): Promise<boolean> =>
    (
      await notifications.dataSource.query<unknown[]>(
        `SELECT 1 FROM pcp_notification.cases WHERE case_id = $1 AND status = $2 AND case_manager_id = $3`,
        [opened.caseId, status, ROSA.id],
      )
    ).length > 0;

  beforeAll(async () => {
    const port = await freePort();
    caseManagement = await cm.startHarness({
      WORKSPACE_PCP_NOTIFICATION_URL: `http://127.0.0.1:${port}`,
    });
    notifications = await pcp.startHarness({
      port,
      env: { CORS_ALLOWED_ORIGINS: caseManagement.service.baseUrl },
    });
    const added = await caseManagement.service.request('POST', '/case-managers', {
      principal: cm.SUPERVISOR,
      body: {
        id: ROSA.id,
        name: ROSA.name,
        phone: '248-555-0101',
        email: null,
        capacity: 500,
      },
    });
    expect([201, 409]).toContain(added.status); // seeded by an earlier run of the same database
    opened = await cm.openCaseByReferral(caseManagement);
    await cm.assignCase(caseManagement, ROSA.id, opened.caseId);
    // pcp-notification holds the case (the caseload rule) and the member's coverage (the PCP).
    await pcp.waitUntil(() => pcpCase('identified'), 90000);
    await pcp.waitUntil(
      async () =>
        (
          await notifications.dataSource.query<unknown[]>(
            `SELECT 1 FROM pcp_notification.member_coverage WHERE member_id = $1`,
            [opened.memberId],
          )
        ).length > 0,
      90000,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await notifications?.stop();
    await caseManagement?.stop();
  });

  const timelineStep = (page: Page, kind: string, text: string) =>
    page.locator(`#timeline li[data-kind="${kind}"]`, { hasText: text }).waitFor();

  it('lets pcp-notification answer the workspace origin only, preflight included', async () => {
    const preflight = (origin: string) =>
      fetch(`${notifications.service.baseUrl}/letters/status-update/preview`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight(caseManagement.service.baseUrl);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(caseManagement.service.baseUrl);
    const other = await preflight('http://127.0.0.1:1');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const page = await fetch(`${caseManagement.service.baseUrl}/workspace/`);
    expect(page.headers.get('content-security-policy')).toContain(
      `${new URL(notifications.service.baseUrl).origin};`,
    );
  });

  it('works a case from identification to enrollment, a previewed status update letter, a PCP call and closure', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const workspaceUrl = `${caseManagement.service.baseUrl}/workspace/`;
    await signInAs(page, workspaceUrl, ROSA.id);
    const row = page.locator(`tr[data-case-id="${opened.caseId}"]`);
    await row.waitFor({ timeout: 30000 });
    const openTheCase = () =>
      row.getByRole('button', { name: `Open case ${opened.caseId}` }).click();
    await openTheCase();
    await timelineStep(page, 'opened', '');

    // "Unable to reach" before the required attempts: refused, the reason announced.
    const alert = page.locator('#actions-error');
    await page.getByLabel('Assessment outcome').selectOption('unable-to-reach');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await page.locator('#actions-error', { hasText: 'needs at least 3' }).waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.getAttribute('data-code')).toBe('too-few-outreach-attempts');

    // The member answers the phone and enrolls.
    await page.getByLabel('Channel').selectOption('phone');
    await page.getByLabel('Outcome', { exact: true }).selectOption('reached');
    await page.getByRole('button', { name: 'Log attempt' }).click();
    await timelineStep(page, 'outreach-attempt', 'phone: reached');
    await page.getByLabel('Assessment outcome').selectOption('enrolled');
    await page.getByLabel('Assessment notes').fill('Agreed to weekly calls.');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await timelineStep(page, 'assessment-recorded', 'Assessment recorded: enrolled');
    expect(await alert.textContent()).toBe('');
    await pcp.waitUntil(() => pcpCase('enrolled'), 60000);

    // A status update: the letter is previewed (rendered by pcp-notification), then sent.
    const summary = `Blood pressure stable on the new dose; follow-up visit ${randomUUID().slice(0, 8)}.`;
    await page.getByLabel('Update for the PCP').fill(summary);
    await page.getByLabel("The member's condition changed").check();
    const send = page.getByRole('button', { name: 'Send to PCP' });
    expect(await send.isDisabled()).toBe(true);
    // The preview's bytes as they reach the page (Chromium does not hand a CORS answer's body to
    // the test afterwards): the real answer, passed through unchanged.
    const previews: { status: number; type: string | undefined; pdf: Buffer }[] = [];
    await page.route('**/letters/status-update/preview', async (route) => {
      const response = await route.fetch();
      previews.push({
        status: response.status(),
        type: response.headers()['content-type'],
        pdf: await response.body(),
      });
      await route.fulfill({ response });
    });
    await page.getByRole('button', { name: 'Preview letter' }).click();
    const link = page.getByRole('link', { name: 'Open the letter preview (PDF)' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^blob:/);
    expect(previews).toHaveLength(1);
    expect(previews[0]).toMatchObject({ status: 200, type: 'application/pdf' });
    const previewPdf = previews[0]!.pdf;
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'workspace-letter-preview.pdf'), previewPdf);
    const previewText = await pcp.pdfText(previewPdf);
    expect(previewText).toContain(summary.slice(0, 40));
    expect(previewText).toContain('PREVIEW, not sent');
    expect(await page.evaluate('document.activeElement.id')).toBe('letter-preview-link');
    expect(await send.isDisabled()).toBe(false);
    await send.click();
    await timelineStep(page, 'clinical-status-update', 'condition changed');

    // The letter the PCP receives shows the update.
    const feed = await notifications.waitForFeed(
      ROSA,
      `?memberId=${opened.memberId}`,
      (items) =>
        items.some((i) => i.kind === 'clinical-status-update' && i.letterUrl) &&
        items.some((i) => i.kind === 'condition-change-call' && i.status === 'pending'),
      60000,
    );
    const letterUrl = feed.find((i) => i.kind === 'clinical-status-update')!.letterUrl!;
    const letter = await pcp.fetchLetter(notifications.service, letterUrl, ROSA);
    expect(letter.status).toBe(200);
    const letterText = await pcp.pdfText(letter.body);
    expect(letterText).toContain(summary.slice(0, 40));
    expect(letterText).not.toContain('PREVIEW');

    // The call the condition change asks for, recorded from the case view.
    await openTheCase();
    await page.locator('#pcp-call-task option').first().waitFor({ state: 'attached' });
    await page.getByLabel('What was discussed').fill('Reviewed the new dose with Dr. Reyes.');
    await page.getByRole('button', { name: 'Record call' }).click();
    await timelineStep(page, 'pcp-call', '(completed)');
    await timelineStep(page, 'pcp-letter', 'Clinical status update letter');

    // The letter opens from the timeline as the PCP received it (read with the page's second token).
    const letterPdfs: Buffer[] = [];
    await page.route('**/notifications/*/letter.pdf', async (route) => {
      const response = await route.fetch();
      if (response.status() === 200) letterPdfs.push(await response.body());
      await route.fulfill({ response });
    });
    const newTab = page.context().waitForEvent('page');
    await page
      .locator('#timeline li[data-kind="pcp-letter"]', { hasText: 'Clinical status update letter' })
      .getByRole('button', { name: 'Open letter (PDF)' })
      .click();
    await (await newTab).close();
    expect(letterPdfs).toHaveLength(1);
    expect(await pcp.pdfText(letterPdfs[0]!)).toContain(summary.slice(0, 40));

    const axe = await page.evaluate(
      `(async () => {
        ${AXE}
        return (await window.axe.run(document, { resultTypes: ['violations'] })).violations;
      })()`,
    );
    const serious = (axe as AxeViolation[]).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = join(SCREENSHOTS, 'workspace-actions.png');
    await page.locator('#case').screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(10000);

    // Closed by keyboard alone: the reason typed, Enter submits.
    await page.getByLabel('Reason for closing').focus();
    await page.keyboard.type('Goals met');
    await page.keyboard.press('Enter');
    await timelineStep(page, 'closed', 'Case closed (closed by case manager): Goals met');
    await page.locator('#actions-status', { hasText: 'Case closed.' }).waitFor();
    await row.waitFor({ state: 'detached' }); // no longer in the open caseload
    expect(errors).toEqual([]);
    await context.close();
  });
});
