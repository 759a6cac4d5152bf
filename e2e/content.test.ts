// Content in the console end to end: write an email with personalization, preview it for two
// test profiles, see a syntax error marked at its line, save it; SMS counter, push preview and
// the fragments library. Asserts what people see, never how fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const BODY = [
  '<html><head><style>.hi { color: #1c7ed6; }</style></head><body>',
  '<p class="hi">Hello {{profile.person.name.firstName}}</p>',
  '<p>Code: {%= upperCase(profile.person.name.firstName) %}</p>',
  '{{> footer}}',
  '</body></html>',
].join('\n');

describe.skipIf(!runSuite)('content console', () => {
  let c: BrowserConsole;
  beforeAll(async () => {
    c = await openConsole('content');
    const h = await c.t.keyHeaders('campaignAdministrator');
    for (const [email, firstName] of [
      ['ada@example.test', 'Ada'],
      ['bob@example.test', 'Bob'],
    ] as const) {
      const r = await c.t.app.inject({
        method: 'POST',
        url: '/profiles',
        headers: h,
        payload: {
          identities: [{ namespace: 'email', value: email }],
          attributes: { person: { name: { firstName } } },
          testProfile: true,
        },
      });
      if (r.statusCode !== 201) throw new Error(r.body);
    }
    const fragment = await c.t.app.inject({
      method: 'POST',
      url: '/content/fragments',
      headers: h,
      payload: { name: 'footer', kind: 'html', body: '<p class="footer">Sent by Clarion Shop</p>' },
    });
    if (fragment.statusCode !== 201) throw new Error(fragment.body);
  });
  afterAll(async () => {
    await c?.close();
  });

  it('writes an email, previews it per test profile, marks a syntax error at its line, saves it', async () => {
    const { page, button, nav, shot } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await nav().getByText('Content', { exact: true }).click();
    await nav().getByRole('link', { name: 'Templates', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Content templates' }).waitFor();
    await page.getByText('No templates yet').waitFor();
    await shot('01-templates-empty');

    await button('New template').first().click();
    await page.getByRole('menuitem', { name: 'Email' }).click();
    await page.getByRole('heading', { level: 2, name: 'New email template' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Welcome email');
    const editor = page.getByRole('textbox', { name: 'Body (HTML)' });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(BODY);

    const preview = page.getByLabel('Preview', { exact: true });
    await preview.getByRole('combobox', { name: 'Test profile' }).click();
    await page.getByRole('option', { name: /ada@example\.test/ }).click();
    const subject = preview.getByTestId('preview-subject');
    await expect.poll(() => subject.textContent()).toBe('Hello Ada');
    const frame = page.frameLocator('iframe[title="Email preview"]');
    await frame.getByText('Hello Ada').waitFor();
    await frame.getByText('Code: ADA').waitFor();
    await frame.getByText('Sent by Clarion Shop').waitFor();
    expect(await page.locator('iframe[title="Email preview"]').getAttribute('sandbox')).toBe('');
    await shot('02-email-preview-ada', true);

    // Switch the test profile: the preview follows.
    await preview.getByRole('combobox', { name: 'Test profile' }).click();
    await page.getByRole('option', { name: /bob@example\.test/ }).click();
    await expect.poll(() => subject.textContent()).toBe('Hello Bob');
    await frame.getByText('Code: BOB').waitFor();
    await preview.locator('label', { hasText: 'Mobile' }).click();
    await expect
      .poll(() =>
        page
          .locator('iframe[title="Email preview"]')
          .evaluate((el) => (el as HTMLIFrameElement).offsetWidth),
      )
      .toBe(375);
    await shot('03-email-preview-bob-mobile', true);
    await preview.getByRole('tab', { name: 'Plain text' }).click();
    await preview.getByText(/Hello Bob\s+Code: BOB/).waitFor();

    // An unclosed block on line 3: listed with its place and marked on that line of the editor.
    await page
      .locator('.cm-content .cm-line')
      .nth(2)
      .click({ position: { x: 2, y: 6 } });
    await page.keyboard.press('Home');
    await page.keyboard.insertText('{{#if profile.vip}}');
    const problems = page.getByTestId('content-problems');

    await problems.getByText(/Line 3, column 1: .*not closed/).waitFor();
    const line3 = page.locator('.cm-content .cm-line').nth(2);
    await line3.locator('.cm-lintRange-error').first().waitFor();
    expect(
      await page.locator('.cm-content .cm-line').nth(1).locator('.cm-lintRange-error').count(),
    ).toBe(0);
    await shot('04-syntax-error-marked', true);

    // Remove it again: the problem goes away and the preview updates.
    await page.keyboard.press('Control+z');
    await expect.poll(() => problems.count()).toBe(0);
    await button('Save template').click();
    await page.getByText('Template "Welcome email" saved.').waitFor();
    await expect
      .poll(() => new URL(page.url()).pathname)
      .toMatch(/^\/content\/templates\/[0-9a-f-]{36}$/);
    await nav().getByRole('link', { name: 'Templates', exact: true }).click();
    const table = page.getByRole('table', { name: 'Content templates' });
    await table.getByRole('link', { name: 'Welcome email' }).waitFor();
    await shot('05-templates-list');
  });

  it('starts an MJML email from the starter and previews it compiled', async () => {
    const { page, shot } = c;
    await page.goto(`${c.base}/content/templates/new?channel=email`);
    await page.getByRole('heading', { level: 2, name: 'New email template' }).waitFor();
    await page.locator('label', { hasText: 'MJML' }).click();
    await page.getByRole('textbox', { name: 'Body (MJML)' }).getByText('<mjml>').waitFor();
    const preview = page.getByLabel('Preview', { exact: true });
    await preview.getByRole('combobox', { name: 'Test profile' }).click();
    await page.getByRole('option', { name: /ada@example\.test/ }).click();
    const frame = page.frameLocator('iframe[title="Email preview"]');
    await frame.getByText('Hello Ada').waitFor();
    await frame.getByRole('link', { name: 'Open' }).waitFor();
    await preview.getByRole('tab', { name: 'Links (1)' }).click();
    await preview.getByRole('table', { name: 'Links' }).getByText('https://example.com').waitFor();
    await shot('05b-mjml-links', true);
  });

  it('counts SMS segments live and previews push on a phone', async () => {
    const { page, button, shot } = c;
    await page.goto(`${c.base}/content/templates/new?channel=sms`);
    await page.getByRole('heading', { level: 2, name: 'New SMS template' }).waitFor();
    const editor = page.getByRole('textbox', { name: 'Message' });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('Hi ');
    // The personalization picker lists the sandbox's attribute paths and the functions.
    await button('Personalize').click();
    await page.getByRole('textbox', { name: 'Search attributes and functions' }).fill('first');
    const attribute = page.getByText('{{profile.person.name.firstName}}', { exact: true });
    await attribute.waitFor();
    await shot('06a-personalization-picker');
    await attribute.click();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(', your order is ready 📦');
    await expect
      .poll(() => editor.textContent())
      .toBe('Hi {{profile.person.name.firstName}}, your order is ready 📦');
    const written = page.getByLabel('As written');
    await written.getByText('UCS-2', { exact: true }).waitFor();
    await written.getByText(/1 segment/).waitFor();
    await page
      .getByLabel('Preview', { exact: true })
      .getByRole('combobox', { name: 'Test profile' })
      .click();
    await page.getByRole('option', { name: /ada@example\.test/ }).click();
    await page.getByTestId('sms-preview').getByText('Hi Ada, your order is ready 📦').waitFor();
    await shot('06-sms-editor');

    await page.goto(`${c.base}/content/templates/new?channel=push`);
    await page.getByRole('heading', { level: 2, name: 'New push template' }).waitFor();
    await page
      .getByRole('textbox', { name: 'Title', exact: true })
      .fill('Hello {{profile.person.name.firstName}}');
    await page
      .getByRole('textbox', { name: 'Text', exact: true })
      .fill('Your parcel arrives tomorrow.');
    await page
      .getByLabel('Preview', { exact: true })
      .getByRole('combobox', { name: 'Test profile' })
      .click();
    await page.getByRole('option', { name: /bob@example\.test/ }).click();
    await page.getByTestId('push-card').getByText('Hello Bob').waitFor();
    await page.getByRole('table', { name: 'Payload sizes' }).getByText('Web Push').waitFor();
    await shot('07-push-editor');
    expect(await button('Save template').isEnabled()).toBe(false); // no name yet
  });

  it('lists fragments and refuses to delete one a template includes', async () => {
    const { page, button, nav, shot } = c;
    await page.goto(`${c.base}/content/templates`);
    await nav().getByRole('link', { name: 'Fragments', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Content fragments' }).waitFor();
    await page
      .getByRole('table', { name: 'Content fragments' })
      .getByRole('link', { name: 'footer' })
      .click();
    await page.getByRole('heading', { level: 2, name: 'footer' }).waitFor();
    await shot('08-fragment-editor');
    await button('Delete').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText(/used by template 'Welcome email'/).waitFor();
    await shot('09-fragment-in-use');
  });
});
