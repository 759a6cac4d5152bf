// The demo sandbox comes with audiences a first campaign can target, each with members.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../http/testing.ts';
import { DEMO_AUDIENCES } from './audiences.ts';
import { seedDemo } from './seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(
    { database: t.database, clock: t.clock, secret: TEST_SECRET },
    { profiles: 400, seed: 7 },
  );
}, 120_000);
afterAll(() => t.close());

it('seeds the demo audiences, each with members', async () => {
  const h = { ...(await t.keyHeaders('campaignAdministrator', 'demo')), 'x-sandbox-name': 'demo' };
  const list = await t.app.inject({ method: 'GET', url: '/audiences?limit=50', headers: h });
  expect(list.statusCode, list.body).toBe(200);
  const audiences = list.json<{ items: { id: string; name: string }[] }>().items;
  expect(audiences.map((a) => a.name).sort()).toEqual(DEMO_AUDIENCES.map((a) => a.name).sort());
  for (const audience of audiences) {
    const count = await t.app.inject({
      method: 'GET',
      url: `/audiences/${audience.id}/count`,
      headers: h,
    });
    expect(count.statusCode, count.body).toBe(200);
    const members = count.json<{ count: number }>().count;
    expect(members, audience.name).toBeGreaterThan(0);
    expect(members, audience.name).toBeLessThan(400);
  }
});
