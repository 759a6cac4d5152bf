// Proofs from the template editor: an active mailbox email configuration and a test profile set
// up through the API, a proof of the email in the editor sent to two addresses, each reported
// sent, and both captured in the mailbox with their "[Proof]" subjects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

describe.skipIf(!runSuite)('proofs console', () => {
  let c: BrowserConsole;
  let headers: Record<string, string>;
  const post = async <T>(url: string, payload: unknown): Promise<T> => {
    const r = await c.t.app.inject({ method: 'POST', url, headers, payload: payload as object });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.body}`);
    return r.json<T>();
  };

  beforeAll(async () => {
    c = await openConsole('proofs');
    headers = await c.t.keyHeaders('campaignAdministrator');
    const config = await post<{ id: string }>('/channel-configurations', {
      channel: 'email',
      name: 'Proof mailbox',
      category: 'transactional',
      settings: {
        senderName: 'Clarion Shop',
        senderAddress: 'news@shop.example.com',
        listUnsubscribe: { oneClick: false },
        urlParameters: [],
        retryPeriodMinutes: 10,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        provider: { kind: 'mailbox' },
      },
    });
    await post(`/channel-configurations/${config.id}/activate`, {});
    await post('/profiles', {
      identities: [{ namespace: 'email', value: 'ada@example.test' }],
      attributes: { person: { name: { firstName: 'Ada' } } },
      testProfile: true,
    });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('sends a proof of the email in the editor to two addresses', async () => {
    const { page, button, shot } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${c.base}/content/templates/new?channel=email`);
    await page.getByRole('heading', { level: 2, name: 'New email template' }).waitFor();
    const preview = page.getByLabel('Preview', { exact: true });
    await preview.getByRole('combobox', { name: 'Test profile' }).click();
    await page.getByRole('option', { name: /ada@example\.test/ }).click();

    await button('Send proof').click();
    const dialog = page.getByRole('dialog', { name: 'Send a proof' });
    await expect
      .poll(() => dialog.getByRole('combobox', { name: 'Configuration' }).inputValue())
      .toBe('Proof mailbox');
    // The switcher's test profile is proposed.
    await dialog.getByText(/Ada · ada@example\.test/).waitFor();

    // A malformed address is refused at its field before anything is sent.
    const addresses = dialog.getByRole('combobox', { name: 'Email addresses' });
    await addresses.fill('not-an-address');
    await addresses.press('Enter');
    await dialog.getByRole('button', { name: 'Send proof', exact: true }).click();
    await dialog.getByText('not-an-address is not an email address').waitFor();
    await addresses.press('Backspace');

    for (const address of ['first@proof.test', 'second@proof.test']) {
      await addresses.fill(address);
      await addresses.press('Enter');
    }
    await dialog.getByRole('button', { name: 'Send proof', exact: true }).click();
    const results = dialog.getByRole('table', { name: 'Proof results' });
    await results.waitFor();
    await dialog.getByText('2 of 2 sent').waitFor();
    for (const address of ['first@proof.test', 'second@proof.test']) {
      const row = results.getByRole('row').filter({ hasText: address });
      await row.getByText('sent', { exact: true }).waitFor();
    }
    await shot('01-proof-sent');

    const mailbox = await c.t.app.inject({ method: 'GET', url: '/mailbox', headers });
    expect(mailbox.statusCode).toBe(200);
    const items = mailbox.json<{ items: { recipient: string; subject: string }[] }>().items;
    const proofs = items.filter((m) => m.subject.startsWith('[Proof] '));
    expect(proofs).toHaveLength(2);
    expect(proofs.map((m) => m.recipient).sort()).toEqual([
      'first@proof.test',
      'second@proof.test',
    ]);
    // Rendered with the chosen test profile's data.
    expect(proofs.every((m) => m.subject === '[Proof] Hello Ada')).toBe(true);
  });
});
