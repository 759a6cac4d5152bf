// Previews of email, SMS and push content for a profile or pasted data, and the positioned
// problems of broken content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../http/testing.ts';
import { openContentApp, type ContentApp, type ErrorReply } from './content.testing.ts';

let t: TestApp;
let adaId: string;
let bobId: string;
let post: ContentApp['post'];

beforeAll(async () => {
  ({ t, adaId, bobId, post } = await openContentApp());
});
afterAll(async () => t.close());

describe('POST /content/preview', () => {
  const email = {
    subject: 'Hello {{profile.person.name.firstName}}',
    preheader: 'Your {{profile.points}} points',
    format: 'html',
    body: '<html><head><style>.c{color:red}</style></head><body><p class="c">Hi {%= upperCase(profile.person.name.firstName) %}</p><a href="https://shop.example/?p={{profile.profileId}}">Shop</a> <a href="{{unsubscribeUrl}}">Unsubscribe</a></body></html>',
  };

  it('previews an email for a profile: subject, preheader, inlined HTML, text, links, sizes', async () => {
    const r = await post('/content/preview', {
      channel: 'email',
      content: email,
      profileId: adaId,
    });
    expect(r.statusCode).toBe(200);
    const out = r.json<{
      subject: string;
      preheader: string;
      html: string;
      text: string;
      links: unknown[];
      sizes: { html: number; text: number };
    }>();
    expect(out.subject).toBe('Hello Ada');
    expect(out.preheader).toBe('Your 1200 points');
    expect(out.html).toContain('<p class="c" style="color: red;">Hi ADA</p>');
    expect(out.html).toContain('href="#unsubscribe"');
    expect(out.text).toContain(`Shop [https://shop.example/?p=${adaId}]`);
    expect(out.links).toEqual([
      { index: 0, label: 'Shop', url: `https://shop.example/?p=${adaId}` },
    ]);
    expect(out.sizes.html).toBe(Buffer.byteLength(out.html));
    const bob = await post('/content/preview', {
      channel: 'email',
      content: email,
      profileId: bobId,
    });
    expect(bob.json<{ subject: string }>().subject).toBe('Hello Bob');
  });

  it('previews with pasted data and an API context', async () => {
    const r = await post('/content/preview', {
      channel: 'sms',
      content: { body: 'Order {{context.order}} for {{profile.name}} 😀' },
      data: { profile: { name: 'Zoë' } },
      context: { order: 'A-17' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      channel: 'sms',
      text: 'Order A-17 for Zoë 😀',
      analysis: expect.objectContaining({ encoding: 'UCS-2', segments: 1, units: 21 }) as object,
    });
  });

  it('previews push per platform with sizes', async () => {
    const r = await post('/content/preview', {
      channel: 'push',
      content: {
        title: 'Hi {{profile.person.name.firstName}}',
        body: 'You have {{profile.points}} points',
        url: 'shop://points',
        data: { kind: 'points' },
        badge: 1,
      },
      profileId: adaId,
    });
    expect(r.statusCode).toBe(200);
    const out = r.json<{
      title: string;
      payloads: Record<string, { payload: unknown; bytes: number; limit: number; fits: boolean }>;
    }>();
    expect(out.title).toBe('Hi Ada');
    expect(out.payloads.apns?.payload).toEqual({
      kind: 'points',
      aps: { alert: { title: 'Hi Ada', body: 'You have 1200 points' }, badge: 1 },
      url: 'shop://points',
    });
    expect(out.payloads.apns?.bytes).toBe(
      Buffer.byteLength(JSON.stringify(out.payloads.apns?.payload)),
    );
    expect(out.payloads.web).toMatchObject({ limit: 3993, fits: true });
  });

  it('answers template problems at /content/<field> with line and column', async () => {
    const r = await post('/content/preview', {
      channel: 'email',
      content: { ...email, subject: 'Hi {{profile.x', body: '<p>\n{{#each}}</p>' },
      profileId: adaId,
    });
    expect(r.statusCode).toBe(400);
    const body = r.json<ErrorReply>();
    expect(body.code).toBe('CONTENT_INVALID');
    expect(body.details.map((d) => [d.path, d.line, d.column])).toEqual([
      ['/content/subject', 1, 4],
      ['/content/body', 2, 8],
    ]);
  });

  it('refuses a body field that is not of its channel, and profile data twice', async () => {
    const wrong = await post('/content/preview', { channel: 'sms', content: email });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<ErrorReply>().code).toBe('VALIDATION_FAILED');
    const twice = await post('/content/preview', {
      channel: 'sms',
      content: { body: 'x' },
      profileId: adaId,
      data: { profile: {} },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json<ErrorReply>().details[0]?.path).toBe('/data/profile');
  });

  it('reports MJML problems as positioned 400s', async () => {
    const r = await post('/content/preview', {
      channel: 'email',
      content: {
        subject: 's',
        format: 'mjml',
        body: '<mjml><mj-body>\n<mj-section><mj-column>\n<mj-texte>x</mj-texte></mj-column></mj-section></mj-body></mjml>',
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorReply>().details[0]).toMatchObject({ path: '/content/body', line: 3 });
  });
});
