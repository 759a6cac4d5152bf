// What the console's browser tests share: a real API on a database of its own serving the built
// console, headless Chromium with one page, screenshots, and signing in and out.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { Role } from '../src/platform/permissions.ts';
import { createTestApp, type TestApp } from '../src/http/testing.ts';

export const CHROMIUM = '/usr/bin/chromium';
const CONSOLE_DIR = fileURLToPath(new URL('../web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));

export const hasChromium = existsSync(CHROMIUM);
/** Without Chromium a suite is skipped on a workstation, but CI must have it. */
export const runSuite = hasChromium || process.env.CI === 'true';

export interface BrowserConsole {
  t: TestApp;
  page: Page;
  base: string;
  /** Where the files given to openConsole were written. */
  fileOf: (name: string) => string;
  shot: (name: string, fullPage?: boolean) => Promise<void>;
  button: (name: string) => Locator;
  nav: () => Locator;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Adds an active user with a password and one role in prod, through the API. */
  addUser: (email: string, password: string, role: Role) => Promise<void>;
  close: () => Promise<void>;
}

export async function openConsole(
  shotPrefix: string,
  files: Record<string, string> = {},
): Promise<BrowserConsole> {
  if (!hasChromium) throw new Error(`CI=true but ${CHROMIUM} is missing; install Debian chromium.`);
  if (!existsSync(`${CONSOLE_DIR}/index.html`))
    throw new Error('The console is not built; run `npm run build:web` first.');
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'clarion-e2e-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const t = await createTestApp({ consoleDir: CONSOLE_DIR });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({
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
  });
  const page = await browser.newPage({
    viewport: { width: 1360, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  page.setDefaultTimeout(15_000);
  // Mantine honours reduced motion: no half-open drawers in screenshots.
  await page.emulateMedia({ reducedMotion: 'reduce' });

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  return {
    t,
    page,
    base,
    fileOf: (name) => join(dir, name),
    async shot(name, fullPage = false) {
      // A full-page capture of a scrolled page draws the fixed top bar half-way down.
      if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${SHOTS}${shotPrefix}-${name}.png`, fullPage });
    },
    button,
    nav: () => page.getByRole('navigation', { name: 'Areas' }),
    async signIn(email, password) {
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel(/^Password/).fill(password);
      await button('Sign in').click();
      await page.getByRole('heading', { name: 'Welcome to Clarion' }).waitFor();
    },
    async signOut() {
      await page.getByRole('button', { name: /Account menu/ }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
    },
    async addUser(email, password, role) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/users',
        headers: await t.adminHeaders(),
        payload: { email, name: email, password, roles: [{ sandbox: 'prod', role }] },
      });
      if (created.statusCode !== 201) throw new Error(`adding ${email}: ${created.body}`);
    },
    async close() {
      await browser.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
