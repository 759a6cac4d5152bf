// What the channels console's browser tests share: a console with an administrator's API
// headers and the prod sandbox, a DKIM key and SMTP password to enter, mailbox email settings,
// and helpers to reach the Channels pages, find fields and take screenshots clear of notifications.
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import type { EmailSettings } from '../src/channels/model.ts';
import { openConsole, type BrowserConsole } from './console.ts';

export const DKIM_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
export const SMTP_PASSWORD = 'smtp password 2026';

export const MAILBOX_SETTINGS: EmailSettings = {
  senderName: 'Clarion Shop',
  senderAddress: 'news@shop.example.com',
  listUnsubscribe: { oneClick: true },
  urlParameters: [],
  retryPeriodMinutes: 360,
  softBounceThreshold: 5,
  sendToSpamComplainers: false,
  seedList: [],
  dkim: { domain: 'shop.example.com', selector: 's2026' },
  provider: { kind: 'mailbox' },
};

export type ChannelsConsole = Awaited<ReturnType<typeof openChannelsConsole>>;

export async function openChannelsConsole() {
  // One screenshot prefix for every channels file keeps the screenshots' names.
  const c: BrowserConsole = await openConsole('channels');
  const headers = await c.t.keyHeaders('campaignAdministrator');
  const found = await c.t.database.pool.query<{ id: string }>(
    "SELECT id FROM sandboxes WHERE name = 'prod'",
  );
  const sandboxId = found.rows[0]!.id;

  /** Notifications from earlier steps would cover the screenshots. */
  const shot = async (name: string, fullPage = false) => {
    const closers = c.page.locator('.mantine-Notification-closeButton');
    await closers.evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()));
    await expect.poll(() => closers.count()).toBe(0);
    await c.shot(name, fullPage);
  };
  const textbox = (name: string) => c.page.getByRole('textbox', { name, exact: true });
  const section = (name: string) => c.page.getByRole('region', { name, exact: true });
  const openChannels = async (entry: string, heading: string) => {
    const nav = c.nav();
    const link = nav.getByRole('link', { name: entry, exact: true });
    if (!(await link.isVisible())) await nav.getByText('Channels', { exact: true }).click();
    await link.click();
    await c.page.getByRole('heading', { level: 2, name: heading }).waitFor();
  };
  async function post<T>(url: string, payload: object): Promise<T> {
    const response = await c.t.app.inject({ method: 'POST', url, headers, payload });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
    return response.json<T>();
  }
  return { c, sandboxId, shot, textbox, section, openChannels, post };
}
