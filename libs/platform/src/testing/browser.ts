import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, LaunchOptions, Page } from 'playwright-core';

// The browser tests' shared pieces: Debian's Chromium driven by playwright-core, and signing in
// at the development identity provider (infra/identity) as one of its seeded users.

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Fails with what to do when Chromium or the identity provider is missing. */
export function requireBrowserAndIdentityProvider(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/ensure-chromium.sh (npm test does) or apt-get install -y chromium`,
    );
  }
  if (process.env.AUTH_MODE !== 'oidc' || !process.env.AUTH_ISSUER) {
    throw new Error('the browser test signs in at the identity provider: run infra/up.sh first');
  }
}

/** playwright-core is a development dependency: loaded only by the tests that call this. */
export async function launchChromium(): Promise<Browser> {
  requireBrowserAndIdentityProvider();
  const { chromium } = await import('playwright-core');
  return chromium.launch(CHROMIUM_OPTIONS);
}

/** A seeded user's development password, from the provider's data directory. */
export function developmentPassword(sub: string): string {
  const dataDir = process.env.AUTH_IDP_DATA_DIR ?? join(process.cwd(), '.data', 'identity');
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as {
    users: Record<string, { password: string }>;
  };
  const user = secrets.users[sub];
  if (!user) throw new Error(`the development identity provider has no user ${sub}`);
  return user.password;
}

/** Opens a page, presses its Sign in button and fills the provider's form (not submitted). */
export async function startSignIn(
  page: Page,
  pageUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(pageUrl);
  await page.click('#sign-in-button');
  await page.waitForURL((url) => url.href.startsWith(process.env.AUTH_ISSUER!));
  await page.fill('#username', username);
  await page.fill('#password', password);
}

/** Signs in as a seeded user and waits to be back on the page. */
export async function signInAs(page: Page, pageUrl: string, sub: string): Promise<void> {
  await startSignIn(page, pageUrl, sub, developmentPassword(sub));
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => url.href.startsWith(pageUrl));
}
