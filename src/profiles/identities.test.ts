// Profiles by identity: upserts and merges, conflicts and validation, custom namespaces, search,
// and isolation between sandboxes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../http/testing.ts';
import type { Profile } from './model.ts';
import { startProfilesApp, upsertProfile } from './profiles.testing.ts';

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  ({ t, h } = await startProfilesApp());
});
afterAll(async () => t.close());

const upsert = (payload: object) => upsertProfile(t, h, payload);
const count = async (
  table:
    | 'profiles'
    | 'profile_identities'
    | 'profile_events'
    | 'consent_history'
    | 'push_tokens'
    | 'subscription_members',
) =>
  Number(
    (await t.database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n,
  );

describe('profiles', () => {
  it('creates on first upsert, merges attributes deeply on the next, by any known identity', async () => {
    const first = await upsert({
      identities: [{ namespace: 'email', value: ' Ada@Example.COM ' }],
      attributes: {
        person: { name: { firstName: 'Ada', lastName: 'Lovelace' } },
        loyalty: { tier: 'silver', points: 10 },
      },
      timezone: 'Europe/London',
      language: 'en-GB',
    });
    expect(first.statusCode).toBe(201);
    const created = first.json<Profile>();
    expect(created.identities).toEqual([{ namespace: 'email', value: 'ada@example.com' }]);
    const second = await upsert({
      identities: [
        { namespace: 'email', value: 'ada@example.com' },
        { namespace: 'crmId', value: 'C-1' },
      ],
      attributes: { loyalty: { tier: 'gold' }, homeAddress: { city: 'London' } },
    });
    expect(second.statusCode).toBe(200);
    const merged = second.json<Profile>();
    expect(merged.id).toBe(created.id);
    expect(merged.attributes).toEqual({
      person: { name: { firstName: 'Ada', lastName: 'Lovelace' } },
      loyalty: { tier: 'gold', points: 10 },
      homeAddress: { city: 'London' },
    });
    expect(merged.timezone).toBe('Europe/London');
    const byCrm = await upsert({
      identities: [{ namespace: 'crmId', value: 'C-1' }],
      testProfile: true,
    });
    expect(byCrm.json<Profile>()).toMatchObject({ id: created.id, testProfile: true });
    expect(byCrm.json<Profile>().identities).toHaveLength(2);
  });

  it('refuses identities of two different profiles with 409 and changes nothing', async () => {
    await upsert({
      identities: [{ namespace: 'email', value: 'bob@example.com' }],
      attributes: { name: 'Bob' },
    });
    const before = {
      profiles: await count('profiles'),
      identities: await count('profile_identities'),
    };
    const clash = await upsert({
      identities: [
        { namespace: 'email', value: 'bob@example.com' },
        { namespace: 'crmId', value: 'C-1' },
      ],
      attributes: { name: 'Merged?' },
    });
    expect(clash.statusCode).toBe(409);
    const body = clash.json<{
      code: string;
      details: { owners: { namespace: string; profileId: string }[] };
    }>();
    expect(body.code).toBe('IDENTITY_CONFLICT');
    expect(new Set(body.details.owners.map((o) => o.profileId)).size).toBe(2);
    expect({
      profiles: await count('profiles'),
      identities: await count('profile_identities'),
    }).toEqual(before);
    const bob = await t.app.inject({
      method: 'GET',
      url: '/profiles/lookup?namespace=email&value=BOB@example.com',
      headers: h,
    });
    expect(bob.json<Profile>().attributes).toEqual({ name: 'Bob' });
  });

  it('two concurrent upserts of a new identity make one profile', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        upsert({
          identities: [{ namespace: 'phone', value: '+44 20 7946 0000' }],
          attributes: { [`k${i}`]: i },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(results.map((r) => r.json<Profile>().id)).size).toBe(1);
    const profile = await t.app.inject({
      method: 'GET',
      url: '/profiles/lookup?namespace=phone&value=%2B442079460000',
      headers: h,
    });
    expect(Object.keys(profile.json<Profile>().attributes)).toHaveLength(8);
  });

  it('rejects invalid identities, unknown namespaces and time zones with field paths', async () => {
    const cases: [object, number, string, string][] = [
      [
        { identities: [{ namespace: 'email', value: 'not-an-email' }] },
        400,
        'IDENTITY_INVALID',
        '/identities/0/value',
      ],
      [
        { identities: [{ namespace: 'phone', value: '12345' }] },
        400,
        'IDENTITY_INVALID',
        '/identities/0/value',
      ],
      [
        { identities: [{ namespace: 'loyaltyCard', value: 'L1' }] },
        400,
        'NAMESPACE_UNKNOWN',
        '/identities/0/namespace',
      ],
      [
        { identities: [{ namespace: 'email', value: 'z@example.com' }], timezone: 'Mars/Olympus' },
        400,
        'TIMEZONE_INVALID',
        '/timezone',
      ],
      [{ identities: [] }, 400, 'VALIDATION_FAILED', '/identities'],
    ];
    const before = await count('profiles');
    for (const [payload, status, code, path] of cases) {
      const response = await upsert(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      const body = response.json<{ code: string; details: { path: string }[] }>();
      expect(body.code).toBe(code);
      expect(body.details.map((d) => d.path)).toContain(path);
    }
    expect(await count('profiles')).toBe(before);
  });

  it('custom namespaces are per sandbox and cannot shadow built-ins', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/identity-namespaces',
      headers: h,
      payload: { code: 'loyaltyCard', title: 'Loyalty card' },
    });
    expect(created.statusCode).toBe(201);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/identity-namespaces',
          headers: h,
          payload: { code: 'email', title: 'Mine' },
        })
      ).statusCode,
    ).toBe(409);
    const ok = await upsert({ identities: [{ namespace: 'loyaltyCard', value: 'L-77' }] });
    expect(ok.statusCode).toBe(201);
    const list = await t.app.inject({ method: 'GET', url: '/identity-namespaces', headers: h });
    expect(
      list.json<{ items: { code: string; builtIn: boolean }[] }>().items.map((n) => n.code),
    ).toEqual(['email', 'phone', 'crmId', 'ecid', 'loyaltyCard']);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: '/identity-namespaces/loyaltyCard',
          headers: h,
        })
      ).json<{ code: string }>().code,
    ).toBe('NAMESPACE_IN_USE');
  });

  it('searches by identity prefix and attribute value, with paging', async () => {
    for (let i = 0; i < 5; i++)
      await upsert({
        identities: [{ namespace: 'email', value: `search${i}@example.org` }],
        attributes: { loyalty: { tier: i % 2 ? 'gold' : 'bronze', points: i } },
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/profiles?identity=search&namespace=email&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url, headers: h })).json<{
        items: Profile[];
        nextCursor: string | null;
      }>();
      seen.push(...page.items.map((p) => p.identities[0]!.value));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `search${i}@example.org`));
    const gold = (
      await t.app.inject({
        method: 'GET',
        url: '/profiles?attribute=loyalty.tier&value=gold',
        headers: h,
      })
    ).json<{ items: Profile[] }>();
    expect(
      gold.items.map((p) => p.identities.find((i) => i.namespace === 'email')?.value).sort(),
    ).toEqual(['ada@example.com', 'search1@example.org', 'search3@example.org']);
    const points = (
      await t.app.inject({
        method: 'GET',
        url: '/profiles?attribute=loyalty.points&value=4',
        headers: h,
      })
    ).json<{ items: Profile[] }>();
    expect(points.items.map((p) => p.identities[0]!.value)).toEqual(['search4@example.org']);
    const since = (at: Date) =>
      t.app.inject({
        method: 'GET',
        url: `/profiles?limit=500&updatedSince=${encodeURIComponent(at.toISOString())}`,
        headers: h,
      });
    expect(
      (await since(t.clock.now())).json<{ items: Profile[] }>().items.length,
    ).toBeGreaterThanOrEqual(5);
    expect(
      (await since(new Date(t.clock.now().getTime() + 1000))).json<{ items: Profile[] }>().items,
    ).toEqual([]);
  });

  it('profiles never cross sandboxes', async () => {
    const admin = await t.adminHeaders();
    await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: admin,
      payload: { name: 'dev', title: 'Dev' },
    });
    const dev = await t.keyHeaders('campaignAdministrator', 'dev');
    const inDev = await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: dev,
      payload: {
        identities: [{ namespace: 'email', value: 'bob@example.com' }],
        attributes: { name: 'Dev Bob' },
      },
    });
    expect(inDev.statusCode).toBe(201);
    const prodBob = (
      await t.app.inject({
        method: 'GET',
        url: '/profiles/lookup?namespace=email&value=bob@example.com',
        headers: h,
      })
    ).json<Profile>();
    expect(prodBob.attributes).toEqual({ name: 'Bob' });
    expect(
      (await t.app.inject({ method: 'GET', url: `/profiles/${prodBob.id}`, headers: dev }))
        .statusCode,
    ).toBe(404);
  });
});
