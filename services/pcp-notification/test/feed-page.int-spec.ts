import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CaseManagerContact } from '@careflow/contracts';
import {
  CHROMIUM_OPTIONS,
  developmentPassword,
  requireBrowserAndIdentityProvider,
  startSignIn,
  type Principal,
} from '@careflow/platform';
import {
  caseEvent,
  coverage,
  newId,
  newMember,
  pcp,
  randomNpi,
  startHarness,
  type Harness,
} from './harness';

const RESULTS = join(__dirname, '..', '..', '..', '.data', 'test-results');

/** Two case managers the development identity provider seeds (infra/identity/accounts.mjs). */
const ROSA: CaseManagerContact = {
  id: 'cm-001',
  name: 'Rosa Martinez, RN',
  phone: '248-555-0199',
  email: 'rosa.martinez@careflow.example',
};
const DANIEL: CaseManagerContact = {
  id: 'cm-002',
  name: 'Daniel Okafor, RN',
  phone: '248-555-0142',
  email: 'daniel.okafor@careflow.example',
};
const asPrincipal = (c: CaseManagerContact): Principal => ({
  id: c.id,
  name: c.name,
  roles: ['case-manager'],
});

describe('the worklist page in a real browser, signed in at the identity provider', () => {
  let h: Harness;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    requireBrowserAndIdentityProvider();
    // The page renews its token every 2 s, so an ended session shows within seconds.
    h = await startHarness({ env: { WEB_SESSION_CHECK_SECONDS: '2' } });
    userDataDir = mkdtempSync(join(tmpdir(), 'careflow-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      ...CHROMIUM_OPTIONS,
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await h?.stop();
  });

  const signIn = (page: Page, username: string, password: string) =>
    startSignIn(page, h.service.baseUrl, username, password).then(() =>
      page.click('button[type="submit"]'),
    );

  it('signs a case manager in, shows only their members and their letters, and signs out when the session ends', async () => {
    const mine = { memberId: newMember(), caseId: newId('CASE') };
    const theirs = { memberId: newMember(), caseId: newId('CASE') };
    await h.publishCoverage(coverage(mine.memberId, 1, pcp(randomNpi(), 'Alan Reyes, MD')));
    await h.publishCase(caseEvent(mine.memberId, mine.caseId, 'identified', ROSA));
    await h.publishCase(caseEvent(mine.memberId, mine.caseId, 'enrolled', ROSA));
    await h.publishCase(caseEvent(theirs.memberId, theirs.caseId, 'identified', DANIEL));
    await h.waitForFeed(asPrincipal(ROSA), `?memberId=${mine.memberId}`, (items) =>
      items.some((i) => i.kind === 'enrollment-notice' && i.status === 'sent'),
    );
    await h.waitForFeed(asPrincipal(DANIEL), `?memberId=${theirs.memberId}`, (i) => i.length > 0);

    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // A wrong password stays on the provider's page with an error.
    await signIn(page, ROSA.id, 'not-the-password');
    expect(await page.textContent('.error')).toContain('wrong password');
    await page.fill('#password', developmentPassword(ROSA.id));
    await page.click('button[type="submit"]');

    // Back on the worklist with a token: her member's item, not Daniel's.
    await page.waitForURL((url) => url.href.startsWith(h.service.baseUrl));
    const identifications = page.locator('section[data-group="identifications"]');
    await identifications.locator('li', { hasText: mine.caseId }).waitFor({ timeout: 30000 });
    expect(await page.textContent('#who')).toContain('Rosa Martinez');
    expect(await identifications.textContent()).not.toContain(theirs.caseId);
    expect(new URL(page.url()).search).toBe(''); // the code left the address bar
    await page.waitForSelector('#stream-status[data-state="live"]');

    // Her member's enrollment letter opens with her token (fetched, then shown as a blob).
    const letter = page.locator(`li[data-kind="enrollment-notice"]`, { hasText: mine.caseId });
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      letter.locator('a.letter').click(),
    ]);
    await popup.waitForURL(/^blob:/, { timeout: 15000 });
    await popup.close();

    // A new case arrives on the live stream (opened with a ticket) without a reload.
    const live = newId('CASE');
    await h.publishCase(caseEvent(newMember(), live, 'identified', ROSA));
    await identifications.locator('li', { hasText: live }).waitFor({ timeout: 30000 });
    await h.publishCase(caseEvent(newMember(), newId('CASE'), 'identified', DANIEL));

    mkdirSync(RESULTS, { recursive: true });
    const shot = join(RESULTS, 'worklist-signed-in.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10000);

    // The session ends at the provider (signed out in another tab): the next renewal is refused
    // and the page signs out.
    const other = await context.newPage();
    await other.goto(`${process.env.AUTH_ISSUER}/session/end`);
    await other.click('#logout-yes');
    await other.waitForSelector('text=You are signed out');
    await other.close();
    await page.waitForSelector('#sign-in', { state: 'visible', timeout: 15000 });
    expect(await page.textContent('#sign-in-error')).toContain('session ended');
    expect(await page.isHidden('#feed')).toBe(true);
    expect(await page.evaluate("sessionStorage.getItem('careflow.session')")).toBeNull();
    await page.screenshot({ path: join(RESULTS, 'worklist-signed-out.png') });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
