// The feedback webhook page end to end: an administrator sets the endpoint (a receiver on
// loopback) and its secret, sends a test event and sees it delivered, then a refused one in the
// delivery log with the receiver's status, filtered by status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { verifySignature } from '../src/webhooks/signature.ts';
import { startReceiver, type Receiver } from '../src/webhooks/testing/receiver.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const SECRET = 'console-secret-0123456789';

describe.skipIf(!runSuite)('feedback webhook console', () => {
  let c: BrowserConsole;
  let receiver: Receiver;
  beforeAll(async () => {
    c = await openConsole('feedback-webhook');
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await c?.close();
  });

  it('saves the webhook, sends a signed test event and logs the deliveries', async () => {
    const { page, button } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const nav = c.nav();
    const link = nav.getByRole('link', { name: 'Feedback webhook', exact: true });
    if (!(await link.isVisible())) await nav.getByText('Channels', { exact: true }).click();
    await link.click();
    await page.getByRole('heading', { level: 2, name: 'Feedback webhook' }).waitFor();

    // A plain-http URL elsewhere is refused at its field before anything is sent.
    await page.getByRole('textbox', { name: 'Webhook URL' }).fill('http://hooks.example.com/x');
    await page.getByLabel('Signing secret').fill(SECRET);
    await button('Create webhook').click();
    await page.getByText(/must be https/).waitFor();

    await page.getByRole('textbox', { name: 'Webhook URL' }).fill(receiver.url);
    await button('Create webhook').click();
    await button('Send a test event').waitFor();
    await expect.poll(() => page.getByLabel('Signing secret').inputValue()).toBe('');
    await expect
      .poll(() => page.getByLabel('Signing secret').getAttribute('placeholder'))
      .toContain('unchanged');

    await button('Send a test event').click();
    await page.getByText('Test event delivered').waitFor();
    await page.getByText('The receiver answered 200.').waitFor();
    const [request] = receiver.requests;
    expect(
      verifySignature(SECRET, request!.body, String(request!.headers['x-clarion-signature']), {
        now: c.t.clock.now(),
      }),
    ).toBe(true);

    receiver.answer = 500;
    await button('Send a test event').click();
    await page.getByText('Test event not delivered').waitFor();
    const log = page.getByRole('table', { name: 'Webhook events' });
    await expect.poll(() => log.getByRole('row').count()).toBe(3);
    await page
      .getByRole('radiogroup', { name: 'Delivery status' })
      .getByText('Failed', { exact: true })
      .click();
    await expect.poll(() => log.getByRole('row').count()).toBe(2);
    await log.getByText('HTTP 500: receiver says no').waitFor();
    await log.getByRole('button', { name: 'Payload' }).click();
    await log.getByText('"eventType": "webhook.test"').waitFor();
    const closers = page.locator('.mantine-Notification-closeButton');
    await closers.evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()));
    await expect.poll(() => closers.count()).toBe(0);
    await c.shot('log', true);
  });
});
