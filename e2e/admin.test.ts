// The administration console end to end: a real API on a database of its own, the built console,
// and headless Chromium. Asserts what people see (text, buttons, URLs), never how fast.
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from '../src/http/testing.ts';

const CHROMIUM = '/usr/bin/chromium';
const CONSOLE_DIR = fileURLToPath(new URL('../web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const VIEWER = {
  email: 'viewer@example.test',
  name: 'Vera Viewer',
  password: 'viewer password 2026',
};

const hasChromium = existsSync(CHROMIUM);
// Without Chromium the suite is skipped on a workstation, but CI must have it.
const runSuite = hasChromium || process.env.CI === 'true';

describe.skipIf(!runSuite)('administration console', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;

  const shot = (name: string, fullPage = false) =>
    page.screenshot({ path: `${SHOTS}${name}.png`, fullPage });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const dialog = () => page.getByRole('dialog');
  /** Notifications of earlier steps sit bottom right, over a dialog's buttons on a slow machine. */
  const dismissNotifications = () =>
    page
      .locator('.mantine-Notification-closeButton')
      .evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()));

  async function signIn(email: string, password: string): Promise<void> {
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await button('Sign in').click();
    await page.getByRole('heading', { name: 'Welcome to Clarion' }).waitFor();
  }

  async function openAdmin(entry: string): Promise<void> {
    const nav = page.getByRole('navigation', { name: 'Areas' });
    const link = nav.getByRole('link', { name: entry, exact: true });
    if (!(await link.isVisible())) await nav.getByText('Administration', { exact: true }).click();
    await link.click();
    await page.getByRole('heading', { level: 2, name: entry }).waitFor();
  }

  beforeAll(async () => {
    if (!hasChromium)
      throw new Error(`CI=true but ${CHROMIUM} is missing; install Debian chromium.`);
    if (!existsSync(`${CONSOLE_DIR}/index.html`))
      throw new Error('The console is not built; run `npm run build:web` first.');
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ consoleDir: CONSOLE_DIR });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
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
    page = await browser.newPage({
      viewport: { width: 1360, height: 900 },
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    page.setDefaultTimeout(15_000);
    // Mantine honours reduced motion: no half-open drawers in screenshots.
    await page.emulateMedia({ reducedMotion: 'reduce' });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs the administrator in and adds a Campaign Viewer with a password', async () => {
    await page.goto(base);
    await shot('01-login');
    await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await shot('02-admin-home');

    await openAdmin('Users & roles');
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await page.getByRole('row', { name: new RegExp(ADMIN_EMAIL) }).waitFor();
    await button('Add user').click();

    const form = dialog();
    await form.getByLabel('Email').fill('not an email');
    await form.getByLabel('Name').fill(VIEWER.name);
    await form.getByText('Set a password now').click();
    await form.getByLabel(/^Password/).fill('short');
    await form.getByRole('button', { name: 'Add user' }).click();
    await form.getByText('Enter a valid email address').waitFor();
    await form.getByText('Use at least 12 characters').waitFor();
    await shot('03-add-user-validation');

    await form.getByLabel('Email').fill(VIEWER.email);
    await form.getByLabel(/^Password/).fill(VIEWER.password);
    await form.getByLabel('Roles in Production (prod)').click();
    await page.getByRole('option', { name: 'Campaign Viewer', exact: true }).click();
    await page.keyboard.press('Tab');
    await shot('04-add-user-filled');
    await form.getByRole('button', { name: 'Add user' }).click();
    await form.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: new RegExp(VIEWER.email) });
    await row.waitFor();
    expect(await row.textContent()).toContain('prod: Campaign Viewer');
    expect(await row.textContent()).toContain('Active');
    await shot('05-users-list');
  });

  it('opens the user and shows the role matrix', async () => {
    await page.getByRole('link', { name: VIEWER.email }).click();
    await page.getByRole('heading', { level: 2, name: VIEWER.name }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    expect(
      await page
        .getByRole('checkbox', { name: 'Campaign Viewer in prod', exact: true })
        .isChecked(),
    ).toBe(true);
    expect(
      await page
        .getByRole('checkbox', { name: 'Campaign Manager in prod', exact: true })
        .isChecked(),
    ).toBe(false);
    await shot('06-user-detail');
  });

  it('creates an API key and shows its secret once', async () => {
    await openAdmin('API keys');
    await page.getByText('No active API keys').waitFor();
    await shot('07-api-keys-empty');
    await button('Create API key').first().click();
    const form = dialog();
    await form.getByLabel('Name').fill('Checkout service');
    await form.getByLabel(/^Role/).click();
    await page.getByRole('option', { name: 'Campaign Manager', exact: true }).click();
    await form.getByRole('button', { name: 'Create key' }).click();
    await form.getByText('Copy the secret now').waitFor();
    const secret = await form.getByRole('textbox', { name: 'Secret' }).inputValue();
    expect(secret).toMatch(/^cs_/);
    await shot('08-api-key-secret');
    await form.getByRole('button', { name: 'I have copied the secret' }).click();
    await form.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /Checkout service/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Campaign Manager');
    expect(await page.getByText(secret).count()).toBe(0);
    await shot('09-api-keys-list');

    await row.getByRole('button', { name: 'Revoke Checkout service' }).click();
    await dialog().getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('No active API keys').waitFor();
    await page.getByLabel('Show revoked').check();
    await page
      .getByRole('row', { name: /Checkout service/ })
      .getByText('Revoked')
      .waitFor();
    await shot('09b-api-keys-revoked');
  });

  it('lists the user creation in the audit log', async () => {
    await openAdmin('Audit log');
    // The first administrator's own creation (by the system) is listed too; ours is by the admin.
    const entry = page
      .getByRole('row')
      .filter({ hasText: 'user.create' })
      .filter({ hasText: ADMIN_EMAIL });
    await entry.waitFor();
    await entry.getByRole('button', { name: /Details/ }).click();
    const drawer = dialog();
    await drawer.getByText(VIEWER.email).first().waitFor();
    await shot('10-audit-log-detail');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await shot('11-audit-log');
  });

  it('creates a sandbox, switches to it, and finds no API keys there', async () => {
    await openAdmin('Sandboxes');
    await button('Create sandbox').click();
    const form = dialog();
    await form.getByLabel(/^Name/).fill('Staging Area');
    await form.getByLabel(/^Title/).fill('Staging');
    await form.getByRole('button', { name: 'Create sandbox' }).click();
    await form.getByText(/^Lower-case letters, digits and hyphens; 2–40 characters/).waitFor();
    await form.getByLabel(/^Name/).fill('staging');
    await form.getByRole('button', { name: 'Create sandbox' }).click();
    await form.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /staging/ }).waitFor();
    await shot('15-sandboxes');

    await page.getByRole('combobox', { name: 'Sandbox' }).click();
    await page.getByRole('option', { name: 'Staging (staging)' }).click();
    await openAdmin('API keys');
    await page.getByText('the sandbox Staging (staging)').waitFor();
    // Keys belong to one sandbox: prod's (revoked) key is not listed here.
    await page.getByLabel('Show revoked').check();
    await page.getByText('No API keys in this sandbox').waitFor();
    expect(await page.getByRole('row', { name: /Checkout service/ }).count()).toBe(0);
    await shot('16-api-keys-in-staging');
  });

  it('invites a user who sets a password from the link and signs in', async () => {
    await openAdmin('Users & roles');
    await button('Add user').click();
    const form = dialog();
    await form.getByLabel('Email').fill('ivan@example.test');
    await form.getByLabel('Name').fill('Ivan Invited');
    await dismissNotifications();
    await form.getByRole('button', { name: 'Add user' }).click();
    const shown = form.getByRole('textbox', { name: 'Invitation link' });
    await shown.waitFor();
    const link = new URL(await shown.inputValue());
    expect(link.pathname).toMatch(/^\/invite\/.+/);
    await shot('17-invitation-link');
    await form.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByRole('row', { name: /ivan@example\.test/ }).textContent()).toContain(
      'Invited',
    );

    const guest = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      reducedMotion: 'reduce',
    });
    const invitee = await guest.newPage();
    invitee.setDefaultTimeout(15_000);
    await invitee.goto(`${base}${link.pathname}`);
    await invitee.getByRole('heading', { name: 'Set your password' }).waitFor();
    await invitee.getByLabel(/^New password/).fill('ivan password 2026');
    await invitee.getByLabel(/^Repeat the password/).fill('ivan password 2026');
    await invitee.screenshot({ path: `${SHOTS}18-invitation-page.png` });
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(invitee.url()).pathname).toBe('/');
    await invitee.getByLabel('Email').fill('ivan@example.test');
    await invitee.getByLabel(/^Password/).fill('ivan password 2026');
    await invitee.getByRole('button', { name: 'Sign in', exact: true }).click();
    await invitee.getByText(/none — ask a Platform Administrator/).waitFor();
    await guest.close();
  });

  it('shows a Campaign Viewer no administration and no write buttons', async () => {
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await signIn(VIEWER.email, VIEWER.password);
    await shot('12-viewer-home');

    const nav = page.getByRole('navigation', { name: 'Areas' });
    expect(await nav.getByText('Campaigns', { exact: true }).count()).toBe(1);
    expect(await nav.getByText('Administration', { exact: true }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Users & roles' }).count()).toBe(0);
    // Datasets (profiles.read) is the one administration entry a viewer has: shown on its own.
    expect(await nav.getByRole('link', { name: 'Datasets', exact: true }).count()).toBe(1);

    await page.goto(`${base}/admin/users`);
    await page.getByText(/you do not have access/i).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    expect(await button('Add user').count()).toBe(0);
    await shot('13-viewer-no-access');

    for (const path of ['/admin/api-keys', '/admin/sandboxes', '/admin/audit']) {
      await page.goto(`${base}${path}`);
      await page.getByText(/you do not have access/i).waitFor();
      for (const name of [
        'Add user',
        'Create API key',
        'Create sandbox',
        'Revoke',
        'Delete',
        'Edit',
      ]) {
        expect(await button(name).count(), `${name} on ${path}`).toBe(0);
      }
    }

    // Action and API-triggered campaigns are read-only for a viewer; an area not built yet says so.
    await page.goto(`${base}/campaigns/action`);
    await page.getByRole('heading', { name: 'Action campaigns' }).waitFor();
    expect(await page.getByRole('link', { name: 'New campaign' }).count()).toBe(0);
    await page.goto(`${base}/campaigns/api-triggered`);
    await page.getByRole('heading', { name: 'API-triggered campaigns' }).waitFor();
    expect(await page.getByRole('link', { name: 'New API-triggered campaign' }).count()).toBe(0);
    await page.goto(`${base}/reports`);
    await page.getByText('This area is not available in this version of Clarion yet.').waitFor();
    await shot('14-viewer-unavailable-area');
  });
});
