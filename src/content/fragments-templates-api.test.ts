// Stored content: fragments (cycles, unknown names, refusal while in use, use in previews) and
// templates (per channel, refused with their problems, viewers read-only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../http/testing.ts';
import {
  openContentApp,
  type ContentApp,
  type ErrorReply,
  type Headers,
} from './content.testing.ts';

let t: TestApp;
let h: Headers;
let viewer: Headers;
let bobId: string;
let post: ContentApp['post'];

beforeAll(async () => {
  ({ t, manager: h, viewer, bobId, post } = await openContentApp());
});
afterAll(async () => t.close());

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
