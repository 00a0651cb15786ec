import { existsSync, mkdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  caseEvent,
  coverage,
  newCaseManager,
  newId,
  newMember,
  pcp,
  randomNpi,
  startHarness,
  type Harness,
} from './harness';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '.artifacts');

describe('the worklist page in a real browser', () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: run scripts/ensure-chromium.sh (npm test does) or apt-get install -y chromium`,
      );
    }
    h = await startHarness();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('asks for a token, shows the caseload, updates live and links each letter', async () => {
    const cm = newCaseManager();
    const memberId = newMember();
    const caseId = newId('CASE');
    await h.publishCoverage(coverage(memberId, 1, pcp(randomNpi(), 'Alan Reyes, MD')));
    await h.publishCase(caseEvent(memberId, caseId, 'identified', cm.contact));
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', cm.contact));
    await h.waitForFeed(cm.principal, `?memberId=${memberId}`, (items) =>
      items.some((i) => i.kind === 'enrollment-notice' && i.status === 'sent'),
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(h.service.baseUrl);
    await page.waitForSelector('#token-form', { state: 'visible' });
    await page.fill('#token', await h.service.token(cm.principal));
    await page.click('#token-form button[type="submit"]');

    // The feed renders this case manager's items, with a link to the letter.
    await page.waitForSelector(`li[data-kind="enrollment-notice"][data-status="sent"]`);
    const letterHref = await page.getAttribute(
      'li[data-kind="enrollment-notice"] a.letter',
      'href',
    );
    expect(letterHref).toMatch(/^\/notifications\/ntf-[^/]+\/letter\.pdf$/);
    expect(await page.textContent('section[data-group="identifications"]')).toContain(caseId);
    expect(await page.evaluate("sessionStorage.getItem('careflow.token')")).toBeTruthy();
    await page.waitForSelector('#stream-status[data-state="live"]');

    // A new identification arrives on the stream and appears without a reload; the rendered
    // worklist (pixels, not only the DOM) shows it.
    mkdirSync(ARTIFACTS, { recursive: true });
    const identifications = page.locator('section[data-group="identifications"]');
    const before = await identifications.screenshot({
      path: join(ARTIFACTS, 'feed-before-live-item.png'),
    });
    const newCase = newId('CASE');
    await h.publishCase(caseEvent(newMember(), newCase, 'identified', cm.contact));
    const liveItem = identifications.locator('li', { hasText: newCase });
    await liveItem.waitFor({ timeout: 30000 });
    expect(await liveItem.isVisible()).toBe(true);
    const after = await identifications.screenshot({
      path: join(ARTIFACTS, 'feed-after-live-item.png'),
    });
    expect(after.equals(before)).toBe(false);
    expect((await identifications.boundingBox())?.height ?? 0).toBeGreaterThan(0);
    // The letter opens with the token (fetched with the Authorization header).
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.click('li[data-kind="enrollment-notice"] a.letter'),
    ]);
    await popup.waitForURL(/^blob:/, { timeout: 15000 });
    await popup.close();

    rmSync(join(ARTIFACTS, 'feed-page.png'), { force: true });
    const shot = join(ARTIFACTS, 'feed-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    expect(statSync(shot).size).toBeGreaterThan(10000);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('sends a refused token back to the token form', async () => {
    const page = await browser.newPage();
    await page.goto(h.service.baseUrl);
    await page.fill('#token', 'not-a-valid-token');
    await page.click('#token-form button[type="submit"]');
    await page.waitForSelector('#sign-in-error:not(:empty)');
    expect(await page.textContent('#sign-in-error')).toContain('refused');
    expect(await page.evaluate("sessionStorage.getItem('careflow.token')")).toBeNull();
    await page.close();
  });
});
