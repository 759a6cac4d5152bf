import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.ts';

let t: TestApp;
let h: Record<string, string>;
let viewer: Record<string, string>;
let adaId: string;
let bobId: string;

type Problem = { path: string; message: string; line?: number; column?: number; fragment?: string };
type ErrorReply = { code: string; message: string; details: Problem[] };

async function post(url: string, payload: object, headers = h) {
  return t.app.inject({ method: 'POST', url, headers, payload });
}

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignManager');
  viewer = await t.keyHeaders('campaignViewer');
  const create = async (email: string, attributes: object, timezone?: string) => {
    const r = await post(
      '/profiles',
      {
        identities: [{ namespace: 'email', value: email }],
        attributes,
        testProfile: true,
        ...(timezone ? { timezone } : {}),
      },
      await t.keyHeaders('campaignAdministrator'),
    );
    expect(r.statusCode).toBe(201);
    return r.json<{ id: string }>().id;
  };
  adaId = await create('ada@example.com', { person: { name: { firstName: 'Ada' } }, points: 1200 });
  bobId = await create('bob@example.com', { person: { name: { firstName: 'Bob' } } }, 'Asia/Tokyo');
});
afterAll(async () => t.close());

describe('POST /content/render', () => {
  it('renders a template for pasted data', async () => {
    const r = await post('/content/render', {
      template: 'Hi {{profile.name}} {%= upperCase(context.city) %} <{{profile.tag}}>',
      data: { profile: { name: 'Ann', tag: '<b>' }, context: { city: 'Oslo' } },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ output: 'Hi Ann OSLO <&lt;b&gt;>' });
    const plain = await post('/content/render', {
      template: '{{profile.tag}}',
      data: { profile: { tag: '<b>' } },
      escape: 'none',
    });
    expect(plain.json()).toEqual({ output: '<b>' });
  });

  it('renders for a stored profile: attributes at profile.<path>, identities, id', async () => {
    const r = await post('/content/render', {
      template:
        '{{profile.person.name.firstName}} {{profile.identities.email}} {{profile.points}} {%= profile.profileId = "' +
        adaId +
        '" %}',
      profileId: adaId,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ output: 'Ada ada@example.com 1200 true' });
  });

  it('answers a syntax error with its line and column', async () => {
    const r = await post('/content/render', { template: 'Hello\n  {{#if x}}open' });
    expect(r.statusCode).toBe(400);
    const body = r.json<ErrorReply>();
    expect(body.code).toBe('CONTENT_INVALID');
    expect(body.details).toEqual([
      {
        path: '/template',
        line: 2,
        column: 3,
        message: expect.stringContaining('not closed') as string,
      },
    ]);
    expect(body.message).toMatch(/^\/template 2:3 /);
  });

  it('answers an unknown function with a suggestion at its position', async () => {
    const r = await post('/content/render', { template: '{%= upperCas("a") %}' });
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorReply>().details[0]).toMatchObject({
      path: '/template',
      line: 1,
      column: 5,
    });
    expect(r.json<ErrorReply>().details[0]?.message).toContain('upperCase');
  });

  it('stops a render past the output limit with CONTENT_RENDER_FAILED', async () => {
    const big = 'x'.repeat(1_100_000);
    const r = await post('/content/render', {
      template: '{{profile.a}}{{profile.a}}',
      data: { profile: { a: big } },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorReply>().code).toBe('CONTENT_RENDER_FAILED');
    expect(r.json<ErrorReply>().details[0]).toMatchObject({ path: '/template', line: 1 });
  });

  it('refuses a template over 1 MB naming the field, and an unknown profile', async () => {
    const r = await post('/content/render', { template: 'x'.repeat(1024 * 1024 + 10) });
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorReply>().details).toEqual([
      { path: '/template', message: expect.stringMatching(/at most 1048576/) as string },
    ]);
    const missing = await post('/content/render', {
      template: 'x',
      profileId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorReply>().code).toBe('PROFILE_NOT_FOUND');
  });
});

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

describe('SMS analysis and functions', () => {
  it('POST /content/sms/analyse counts GSM-7 septets and segments', async () => {
    const r = await post('/content/sms/analyse', { text: '€'.repeat(81) });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ encoding: 'GSM-7', units: 162, segments: 2 });
  });

  it('GET /content/functions lists the library with arities', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/content/functions', headers: viewer });
    expect(r.statusCode).toBe(200);
    const items = r.json<{ items: { name: string; minArgs: number; maxArgs: number }[] }>().items;
    expect(items.find((f) => f.name === 'upperCase')).toEqual({
      name: 'upperCase',
      minArgs: 1,
      maxArgs: 1,
    });
    expect(items.find((f) => f.name === 'concat')?.maxArgs).toBe(-1);
  });
});

describe('fragments', () => {
  const fragment = async (name: string, body: string, kind = 'html') =>
    post('/content/fragments', { name, kind, body });

  it('creates, lists, reads, changes and deletes fragments', async () => {
    const created = await fragment('footer', '<p>Bye {{profile.person.name.firstName}}</p>');
    expect(created.statusCode).toBe(201);
    const f = created.json<{ id: string; version: number; name: string }>();
    expect(f).toMatchObject({ name: 'footer', kind: 'html', version: 1, description: '' });
    const list = await t.app.inject({
      method: 'GET',
      url: '/content/fragments?q=foot',
      headers: viewer,
    });
    expect(list.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toEqual(['footer']);
    const changed = await t.app.inject({
      method: 'PUT',
      url: `/content/fragments/${f.id}`,
      headers: h,
      payload: { name: 'footer', kind: 'html', body: '<p>Goodbye</p>', description: 'Sign-off' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      version: 2,
      body: '<p>Goodbye</p>',
      description: 'Sign-off',
    });
    const got = await t.app.inject({
      method: 'GET',
      url: `/content/fragments/${f.id}`,
      headers: h,
    });
    expect(got.json()).toMatchObject({ version: 2 });
    const dup = await fragment('footer', 'x');
    expect(dup.statusCode).toBe(409);
    expect(dup.json<ErrorReply>().code).toBe('FRAGMENT_EXISTS');
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/content/fragments/${f.id}`,
      headers: h,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.app.inject({
      method: 'GET',
      url: `/content/fragments/${f.id}`,
      headers: h,
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json<ErrorReply>().code).toBe('FRAGMENT_NOT_FOUND');
  });

  it('refuses a fragment that would close a cycle, naming the chain', async () => {
    expect((await fragment('cycle-a', 'A {{> cycle-b}}')).statusCode).toBe(400); // b unknown yet
    const b = await fragment('cycle-b', 'B');
    expect(b.statusCode).toBe(201);
    expect((await fragment('cycle-a', 'A {{> cycle-b}}')).statusCode).toBe(201);
    const r = await t.app.inject({
      method: 'PUT',
      url: `/content/fragments/${b.json<{ id: string }>().id}`,
      headers: h,
      payload: { name: 'cycle-b', kind: 'html', body: 'B\n  {{> cycle-a}}' },
    });
    expect(r.statusCode).toBe(400);
    const body = r.json<ErrorReply>();
    expect(body.code).toBe('FRAGMENT_CYCLE');
    expect(body.message).toContain('cycle-b → cycle-a → cycle-b');
    expect(body.details[0]).toMatchObject({ path: '/body', line: 2, column: 3 });
    const self = await fragment('selfish', 'x {{> selfish}}');
    expect(self.json<ErrorReply>().code).toBe('FRAGMENT_CYCLE');
  });

  it('reports unknown fragments and bad syntax at their position', async () => {
    const r = await fragment('uses-missing', 'line\n {{> nowhere}}');
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorReply>().details).toEqual([
      { path: '/body', line: 2, column: 2, message: "unknown fragment 'nowhere'" },
    ]);
    const bad = await fragment('bad-name', 'x', 'html');
    expect(bad.statusCode).toBe(201);
    const invalidName = await post('/content/fragments', {
      name: 'has space',
      kind: 'html',
      body: 'x',
    });
    expect(invalidName.statusCode).toBe(400);
  });

  it('refuses to delete or rename a fragment in use, naming its users', async () => {
    const base = await fragment('legal', '<small>Legal</small>');
    const baseId = base.json<{ id: string }>().id;
    expect((await fragment('wrapper', '{{> legal}}')).statusCode).toBe(201);
    const template = await post('/content/templates', {
      name: 'Newsletter',
      channel: 'email',
      content: { subject: 's', format: 'html', body: '<p>x</p>{{> legal}}' },
    });
    expect(template.statusCode).toBe(201);
    const r = await t.app.inject({
      method: 'DELETE',
      url: `/content/fragments/${baseId}`,
      headers: h,
    });
    expect(r.statusCode).toBe(409);
    const body = r.json<{
      code: string;
      message: string;
      details: { usedBy: { kind: string; name: string }[] };
    }>();
    expect(body.code).toBe('FRAGMENT_IN_USE');
    expect(body.details.usedBy.map((u) => [u.kind, u.name])).toEqual([
      ['fragment', 'wrapper'],
      ['template', 'Newsletter'],
    ]);
    expect(body.message).toContain("fragment 'wrapper', template 'Newsletter'");
    const rename = await t.app.inject({
      method: 'PUT',
      url: `/content/fragments/${baseId}`,
      headers: h,
      payload: { name: 'legal-2', kind: 'html', body: 'x' },
    });
    expect(rename.statusCode).toBe(409);
  });

  it('uses fragments in previews', async () => {
    await fragment('greeting', 'Dear {{profile.person.name.firstName}}', 'text');
    const r = await post('/content/preview', {
      channel: 'sms',
      content: { body: '{{> greeting}}, hello' },
      profileId: bobId,
    });
    expect(r.json<{ text: string }>().text).toBe('Dear Bob, hello');
  });
});

describe('templates', () => {
  it('creates, lists by channel, reads, changes and deletes templates', async () => {
    const created = await post('/content/templates', {
      name: 'Welcome SMS',
      description: 'First message',
      channel: 'sms',
      content: { body: 'Welcome {{profile.person.name.firstName}}' },
    });
    expect(created.statusCode).toBe(201);
    const tpl = created.json<{ id: string }>();
    expect(created.json()).toMatchObject({
      channel: 'sms',
      version: 1,
      description: 'First message',
    });
    const push = await post('/content/templates', {
      name: 'Points push',
      channel: 'push',
      content: { title: 'Points', body: '{{profile.points}}' },
    });
    expect(push.statusCode).toBe(201);
    const list = await t.app.inject({
      method: 'GET',
      url: '/content/templates?channel=sms',
      headers: viewer,
    });
    expect(list.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toEqual([
      'Welcome SMS',
    ]);
    const changed = await t.app.inject({
      method: 'PUT',
      url: `/content/templates/${tpl.id}`,
      headers: h,
      payload: { name: 'Welcome SMS', channel: 'sms', content: { body: 'Hi!' } },
    });
    expect(changed.json()).toMatchObject({ version: 2, content: { body: 'Hi!' } });
    const dup = await post('/content/templates', {
      name: 'Welcome SMS',
      channel: 'sms',
      content: { body: 'x' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json<ErrorReply>().code).toBe('CONTENT_TEMPLATE_EXISTS');
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/content/templates/${tpl.id}`,
      headers: h,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.app.inject({
      method: 'GET',
      url: `/content/templates/${tpl.id}`,
      headers: h,
    });
    expect(gone.json<ErrorReply>().code).toBe('CONTENT_TEMPLATE_NOT_FOUND');
  });

  it('refuses a template with problems, positioned under /content, and writes nothing', async () => {
    const r = await post('/content/templates', {
      name: 'Broken',
      channel: 'email',
      content: { subject: 'ok', format: 'html', body: '<p>\n\n   {{> unknown-fragment}}</p>' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorReply>().details).toEqual([
      { path: '/content/body', line: 3, column: 4, message: "unknown fragment 'unknown-fragment'" },
    ]);
    const list = await t.app.inject({
      method: 'GET',
      url: '/content/templates?q=Broken',
      headers: h,
    });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('names an oversized field', async () => {
    const r = await post('/content/templates', {
      name: 'Huge',
      channel: 'email',
      content: { subject: 's', format: 'html', body: 'x'.repeat(1024 * 1024 + 1) },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorReply>().details[0]?.path).toBe('/content/body');
  });

  it('lets viewers read and preview but not write', async () => {
    const r = await post(
      '/content/templates',
      { name: 'V', channel: 'sms', content: { body: 'x' } },
      viewer,
    );
    expect(r.statusCode).toBe(403);
    const preview = await post(
      '/content/preview',
      { channel: 'sms', content: { body: 'x' } },
      viewer,
    );
    expect(preview.statusCode).toBe(200);
  });
});
