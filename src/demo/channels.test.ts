import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Configuration } from '../channels/model.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../http/testing.ts';
import { seedDemoChannels } from './channels.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

it('gives the demo sandbox an active local-mailbox configuration per channel', async () => {
  const sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  await seedDemoChannels({ database: t.database, clock: t.clock, secret: TEST_SECRET }, sandboxId);
  const list = await t.app.inject({
    method: 'GET',
    url: '/channel-configurations',
    headers: await t.keyHeaders('campaignViewer'),
  });
  expect(
    list
      .json<{ items: Configuration[] }>()
      .items.map((c) => [c.channel, c.status])
      .sort(),
  ).toEqual([
    ['email', 'active'],
    ['push', 'active'],
    ['sms', 'active'],
  ]);
});
