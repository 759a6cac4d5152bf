// Profile lookups of concurrent calls share one statement and each caller gets its own profiles.
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import { identityKey } from '../../profiles/search.ts';
import { createProfile, sandboxIdOf } from '../testing/fixtures.ts';
import { ProfileLookup } from './profile-lookup.ts';

let t: TestApp;
let sandboxId: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.keyHeaders('campaignAdministrator');
  sandboxId = await sandboxIdOf(t);
  for (const email of ['ann@example.com', 'bob@example.com', 'cy@example.com'])
    ids.set(
      email,
      await createProfile(t, admin, { identities: [{ namespace: 'email', value: email }] }),
    );
});
afterAll(async () => {
  await t.close();
});

it('answers concurrent lookups with one statement, each with its profiles', async () => {
  let statements = 0;
  const pool = Object.create(t.database.pool) as pg.Pool;
  pool.query = ((...args: Parameters<pg.Pool['query']>) => {
    statements++;
    return t.database.pool.query(...args);
  }) as pg.Pool['query'];
  const lookup = new ProfileLookup(pool);
  const email = (value: string) => ({ namespace: 'email', value });
  const [first, second, none] = await Promise.all([
    lookup.find(sandboxId, [email('ann@example.com'), email('bob@example.com')]),
    lookup.find(sandboxId, [email('cy@example.com')]),
    lookup.find(sandboxId, [email('nobody@example.com')]),
  ]);
  expect(statements).toBe(1);
  expect(first.get(identityKey(email('ann@example.com')))).toBe(ids.get('ann@example.com'));
  expect(first.get(identityKey(email('bob@example.com')))).toBe(ids.get('bob@example.com'));
  expect(second.get(identityKey(email('cy@example.com')))).toBe(ids.get('cy@example.com'));
  expect(none.get(identityKey(email('nobody@example.com')))).toBeUndefined();
});
