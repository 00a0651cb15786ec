import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signInAs } from '@careflow/platform';
import { WorkspaceStream } from '../src/workspace/workspace-stream';
import { assignCase, openCaseByReferral, startHarness, SUPERVISOR, type Harness } from './harness';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(__dirname, '..', '..', '..', 'docs', 'screenshots');
/** Accounts the development identity provider seeds (infra/identity/accounts.mjs). */
const ROSA = { id: 'cm-001', name: 'Rosa Martinez, RN' };
const DANIEL = { id: 'cm-002', name: 'Daniel Okafor, RN' };

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: unknown[];
}

/** Records what the page's EventSource receives, and marks the document (a reload drops it). */
const RECORD_STREAM = `
  window.__streamed = [];
  const Original = window.EventSource;
  window.EventSource = class extends Original {
    constructor(url) {
      super(url);
      for (const type of ['case', 'case-left'])
        this.addEventListener(type, (e) => window.__streamed.push(type + ' ' + e.data));
    }
  };
`;

describe('the workspace live: reassignment, caseload privacy on the stream, offline and catch-up', () => {
  let h: Harness;
  let browser: Browser;
  let workspaceUrl: string;

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
    // The supervisor view shows the latest monthly review: run one (409 when one is running).
    const review = await h.service.request('POST', '/reviews/monthly', { principal: SUPERVISOR });
    expect([202, 409]).toContain(review.status);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  async function signedIn(sub: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(RECORD_STREAM);
    await signInAs(page, workspaceUrl, sub);
    await page.locator('#live-status[data-state="live"]').waitFor({ timeout: 30000 });
    await page.evaluate('window.__notReloaded = true');
    return { page, errors };
  }

  const row = (page: Page, caseId: string) => page.locator(`tr[data-case-id="${caseId}"]`);
  const streamed = (page: Page) => page.evaluate<string[]>('window.__streamed');
  const notReloaded = (page: Page) => page.evaluate<boolean>('window.__notReloaded === true');

  async function newCaseOf(caseManagerId: string) {
    const opened = await openCaseByReferral(h);
    await assignCase(h, caseManagerId, opened.caseId);
    return opened;
  }

  it('opens the stream once per ticket, and only with a ticket', async () => {
    const issued = await h.service.request('POST', '/workspace/stream-tickets', {
      principal: { id: ROSA.id, name: ROSA.name, roles: ['case-manager'] },
    });
    expect(issued.status).toBe(201);
    const { ticket } = issued.body as { ticket: string };
    const first = new AbortController();
    const opened = await fetch(`${h.service.baseUrl}/workspace/stream?ticket=${ticket}`, {
      signal: first.signal,
    });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/event-stream');
    first.abort();
    const again = await fetch(`${h.service.baseUrl}/workspace/stream?ticket=${ticket}`);
    expect(again.status).toBe(401);
    expect((await fetch(`${h.service.baseUrl}/workspace/stream`)).status).toBe(401);
  });

  it("moves a case the supervisor reassigns on the page to the new owner's open page, live", async () => {
    const moving = await newCaseOf(ROSA.id);
    const rosa = await signedIn(ROSA.id);
    const daniel = await signedIn(DANIEL.id);
    await row(rosa.page, moving.caseId).waitFor();
    expect(await row(daniel.page, moving.caseId).count()).toBe(0);

    const supervisor = await signedIn(SUPERVISOR.id);
    const view = supervisor.page.locator('#supervisor');
    await view.waitFor();
    expect(await supervisor.page.locator('#my-caseload').isHidden()).toBe(true);
    await supervisor.page.locator('#caseloads-rows tr', { hasText: DANIEL.name }).waitFor();
    // From Rosa's open cases (the caseload API, audited), reassign it to Daniel.
    await supervisor.page.getByRole('button', { name: `Show cases of ${ROSA.name}` }).click();
    const listed = supervisor.page.locator(`#cm-cases-rows tr[data-case-id="${moving.caseId}"]`);
    await listed.waitFor();
    await listed.getByLabel(`Case manager for case ${moving.caseId}`).selectOption(DANIEL.id);
    await listed.getByRole('button', { name: `Reassign case ${moving.caseId}` }).click();
    await supervisor.page
      .locator('#assign-status', { hasText: `Case ${moving.caseId} assigned to ${DANIEL.name}` })
      .waitFor();
    // Without a reload: the new owner's page shows it, the old owner's drops it.
    await row(daniel.page, moving.caseId).waitFor({ timeout: 30000 });
    await row(rosa.page, moving.caseId).waitFor({ state: 'detached', timeout: 30000 });
    expect(await notReloaded(daniel.page)).toBe(true);
    expect(await notReloaded(rosa.page)).toBe(true);
    expect((await streamed(rosa.page)).join('\n')).toContain(
      `case-left {"caseId":"${moving.caseId}"}`,
    );
    expect((await streamed(rosa.page)).join('\n')).not.toContain(moving.memberId);

    // The assignment went through the use case (audited), and each push of the case was audited.
    const audited: { action: string; actor_id: string }[] = await h.dataSource.query(
      `SELECT action, actor_id FROM audit_log WHERE resource_id = $1 AND action IN ('case.assign', 'workspace.stream')`,
      [moving.caseId],
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: 'case.assign', actor_id: SUPERVISOR.id },
        { action: 'workspace.stream', actor_id: DANIEL.id },
        { action: 'workspace.stream', actor_id: SUPERVISOR.id },
      ]),
    );
    expect(audited).not.toContainEqual({ action: 'workspace.stream', actor_id: ROSA.id });

    // And back to Rosa by its id, with the form: it returns to her page and leaves Daniel's.
    await supervisor.page.getByLabel('Case id', { exact: true }).fill(moving.caseId);
    await supervisor.page.getByLabel('Case manager', { exact: true }).selectOption(ROSA.id);
    await supervisor.page.getByRole('button', { name: 'Assign', exact: true }).click();
    await row(rosa.page, moving.caseId).waitFor({ timeout: 30000 });
    await row(daniel.page, moving.caseId).waitFor({ state: 'detached', timeout: 30000 });
    expect(await notReloaded(rosa.page)).toBe(true);

    // The supervisor view passes axe-core, and is the README's screenshot.
    await supervisor.page.locator('#supervisor-status', { hasText: 'Updated' }).waitFor();
    const axe = await supervisor.page.evaluate(
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
    const shot = join(SCREENSHOTS, 'workspace-supervisor.png');
    await supervisor.page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10000);

    for (const p of [rosa, daniel, supervisor]) {
      expect(p.errors).toEqual([]);
      await p.page.context().close();
    }
  });

  it("never streams one case manager's members to another", async () => {
    // Rosa's case (new cases are given to the least loaded first: assigned before Daniel listens).
    const rosas = await newCaseOf(ROSA.id);
    const daniel = await signedIn(DANIEL.id);
    // Rosa works it while Daniel's page listens.
    const logged = await h.service.request(
      'POST',
      `/workspace/cases/${rosas.caseId}/outreach-attempts`,
      {
        principal: { id: ROSA.id, name: ROSA.name, roles: ['case-manager'] },
        body: { channel: 'phone', outcome: 'no-answer' },
      },
    );
    expect(logged.status).toBe(201);
    // Then one of Daniel's: once it is on his page, Rosa's changes were pushed (or not) before it.
    const his = await newCaseOf(DANIEL.id);
    await row(daniel.page, his.caseId).waitFor({ timeout: 30000 });
    const heard = (await streamed(daniel.page)).join('\n');
    expect(heard).toContain(his.caseId);
    expect(heard).not.toContain(rosas.caseId);
    expect(heard).not.toContain(rosas.memberId);
    expect(await daniel.page.textContent('#caseload')).not.toContain(rosas.memberId);
    expect(daniel.errors).toEqual([]);
    await daniel.page.context().close();
  });

  it('says it is offline when the stream goes away, and catches up when it returns', async () => {
    const rosa = await signedIn(ROSA.id);
    const status = rosa.page.getByRole('status').and(rosa.page.locator('#live-status'));
    expect(await status.textContent()).toContain('Live');

    // The server drops every stream, and new tickets cannot be had for now.
    await rosa.page.route('**/workspace/stream-tickets', (route) => route.abort());
    h.service.app.get(WorkspaceStream).hub.closeAll();
    await rosa.page.locator('#live-status[data-state="offline"]').waitFor({ timeout: 30000 });
    expect(await status.textContent()).toContain('Offline');

    // A case reaches her caseload while her page cannot hear it.
    const missed = await newCaseOf(ROSA.id);
    expect(await row(rosa.page, missed.caseId).count()).toBe(0);

    await rosa.page.unroute('**/workspace/stream-tickets');
    await rosa.page.locator('#live-status[data-state="live"]').waitFor({ timeout: 30000 });
    await row(rosa.page, missed.caseId).waitFor({ timeout: 30000 });
    expect(await notReloaded(rosa.page)).toBe(true);

    // The network goes away and comes back: the same notice, then live again.
    await rosa.page.context().setOffline(true);
    await rosa.page.locator('#live-status[data-state="offline"]').waitFor({ timeout: 30000 });
    await rosa.page.context().setOffline(false);
    await rosa.page.locator('#live-status[data-state="live"]').waitFor({ timeout: 30000 });
    expect(rosa.errors).toEqual([]);
    await rosa.page.context().close();
  });
});
