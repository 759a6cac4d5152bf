// Rendering a template for pasted data or a stored profile, its positioned errors and limits;
// SMS length analysis and the function library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../http/testing.ts';
import {
  openContentApp,
  type ContentApp,
  type ErrorReply,
  type Headers,
} from './content.testing.ts';

let t: TestApp;
let viewer: Headers;
let adaId: string;
let post: ContentApp['post'];

beforeAll(async () => {
  ({ t, viewer, adaId, post } = await openContentApp());
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
