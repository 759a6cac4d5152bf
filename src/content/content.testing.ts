// What the content API tests share: a real app, a campaign manager's and a viewer's headers, and
// two test profiles to render for (Ada with points, Bob in Tokyo).
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.ts';

export type Headers = Record<string, string>;
export type Problem = {
  path: string;
  message: string;
  line?: number;
  column?: number;
  fragment?: string;
};
export type ErrorReply = { code: string; message: string; details: Problem[] };

export interface ContentApp {
  t: TestApp;
  /** A campaign manager's headers, the default for `post`. */
  manager: Headers;
  viewer: Headers;
  adaId: string;
  bobId: string;
  post: (url: string, payload: object, headers?: Headers) => Promise<LightMyRequestResponse>;
}

export async function openContentApp(): Promise<ContentApp> {
  const t = await createTestApp();
  const manager = await t.keyHeaders('campaignManager');
  const viewer = await t.keyHeaders('campaignViewer');
  const post = (url: string, payload: object, headers = manager) =>
    t.app.inject({ method: 'POST', url, headers, payload });
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
  const adaId = await create('ada@example.com', {
    person: { name: { firstName: 'Ada' } },
    points: 1200,
  });
  const bobId = await create(
    'bob@example.com',
    { person: { name: { firstName: 'Bob' } } },
    'Asia/Tokyo',
  );
  return { t, manager, viewer, adaId, bobId, post };
}
