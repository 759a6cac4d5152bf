import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.ts';
import type { Profile } from './model.ts';

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
});
afterAll(async () => t.close());

const upsert = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/profiles', headers: h, payload });
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

  it('keeps the full consent history and applies only real changes', async () => {
    const created = await upsert({
      identities: [{ namespace: 'email', value: 'consent@example.com' }],
      consent: { email: 'y', sms: 'n' },
      consentSource: 'signup-form',
    });
    const profile = created.json<Profile>();
    expect(profile.consent.email).toMatchObject({ status: 'y', source: 'signup-form' });
    expect(profile.consent.push).toEqual({ status: 'unknown', source: null, changedAt: null });
    await upsert({
      identities: [{ namespace: 'email', value: 'consent@example.com' }],
      consent: { email: 'y' },
    });
    const changed = await t.app.inject({
      method: 'PUT',
      url: `/profiles/${profile.id}/consent`,
      headers: h,
      payload: { channel: 'email', status: 'n', source: 'unsubscribe-link' },
    });
    expect(changed.json<Profile>().consent.email).toMatchObject({
      status: 'n',
      source: 'unsubscribe-link',
    });
    await t.app.inject({
      method: 'PUT',
      url: `/profiles/${profile.id}/consent`,
      headers: h,
      payload: { channel: 'sms', status: 'unknown' },
    });
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/profiles/${profile.id}/consent/history`,
        headers: h,
      })
    ).json<{ items: { channel: string; status: string; source: string }[] }>();
    expect(history.items.map((e) => `${e.channel}:${e.status}:${e.source}`)).toEqual([
      'sms:unknown:api',
      'email:n:unsubscribe-link',
      'sms:n:signup-form',
      'email:y:signup-form',
    ]);
  });

  it('records events and reads them by profile, type and time', async () => {
    const batch = await t.app.inject({
      method: 'POST',
      url: '/events/batch',
      headers: h,
      payload: {
        events: [
          {
            identity: { namespace: 'email', value: 'ADA@example.com' },
            type: 'purchase',
            at: '2026-11-01T10:00:00Z',
            properties: { amount: 120 },
          },
          {
            identity: { namespace: 'email', value: 'ada@example.com' },
            type: 'purchase',
            at: '2026-11-20T10:00:00Z',
            properties: { amount: 80 },
          },
          { identity: { namespace: 'email', value: 'nobody@example.com' }, type: 'purchase' },
          {
            identity: { namespace: 'email', value: 'ada@example.com' },
            type: 'cart.abandoned',
            at: '2026-11-21T10:00:00Z',
          },
        ],
      },
    });
    expect(batch.statusCode).toBe(202);
    expect(batch.json()).toMatchObject({
      accepted: 3,
      rejected: [{ index: 2, code: 'PROFILE_NOT_FOUND' }],
    });
    const single = await t.app.inject({
      method: 'POST',
      url: '/events',
      headers: h,
      payload: { identity: { namespace: 'email', value: 'nobody@example.com' }, type: 'x' },
    });
    expect(single.statusCode).toBe(404);
    const ada = (
      await t.app.inject({
        method: 'GET',
        url: '/profiles/lookup?namespace=email&value=ada@example.com',
        headers: h,
      })
    ).json<Profile>();
    const purchases = (
      await t.app.inject({
        method: 'GET',
        url: `/profiles/${ada.id}/events?type=purchase&limit=1`,
        headers: h,
      })
    ).json<{ items: { at: string; properties: { amount: number } }[]; nextCursor: string }>();
    expect(purchases.items[0]).toMatchObject({
      at: '2026-11-20T10:00:00.000Z',
      properties: { amount: 80 },
    });
    const next = (
      await t.app.inject({
        method: 'GET',
        url: `/profiles/${ada.id}/events?type=purchase&limit=1&cursor=${encodeURIComponent(purchases.nextCursor)}`,
        headers: h,
      })
    ).json<{ items: { properties: { amount: number } }[]; nextCursor: string | null }>();
    expect(next.items[0]?.properties.amount).toBe(120);
    expect(next.nextCursor).toBeNull();
    const window = (
      await t.app.inject({
        method: 'GET',
        url: `/profiles/${ada.id}/events?from=2026-11-15T00:00:00Z`,
        headers: h,
      })
    ).json<{ items: { type: string }[] }>();
    expect(window.items.map((e) => e.type)).toEqual(['cart.abandoned', 'purchase']);
  });

  it('registers push tokens, moves a token between profiles and deactivates invalid ones', async () => {
    const ada = (
      await t.app.inject({
        method: 'GET',
        url: '/profiles/lookup?namespace=email&value=ada@example.com',
        headers: h,
      })
    ).json<Profile>();
    const bob = (
      await t.app.inject({
        method: 'GET',
        url: '/profiles/lookup?namespace=email&value=bob@example.com',
        headers: h,
      })
    ).json<Profile>();
    const token = { platform: 'fcm', appId: 'com.example.app', token: 'fcm-token-1' };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/profiles/${ada.id}/push-tokens`,
          headers: h,
          payload: token,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/profiles/${bob.id}/push-tokens`,
          headers: h,
          payload: token,
        })
      ).statusCode,
    ).toBe(201);
    const adaTokens = (
      await t.app.inject({ method: 'GET', url: `/profiles/${ada.id}/push-tokens`, headers: h })
    ).json<{ items: unknown[] }>();
    expect(adaTokens.items).toHaveLength(0);
    const web = await t.app.inject({
      method: 'POST',
      url: `/profiles/${ada.id}/push-tokens`,
      headers: h,
      payload: { platform: 'web', appId: 'site', token: 'https://push.example/abc' },
    });
    expect(web.json<{ code: string }>().code).toBe('WEB_PUSH_KEYS_REQUIRED');
    const off = await t.app.inject({
      method: 'POST',
      url: '/push-tokens/deactivate',
      headers: h,
      payload: { appId: 'com.example.app', token: 'fcm-token-1', reason: 'UNREGISTERED' },
    });
    expect(off.json()).toMatchObject({ active: false, deactivatedReason: 'UNREGISTERED' });
  });

  it('erasure removes the profile with its identities, consent, lists, tokens and events', async () => {
    const list = (
      await t.app.inject({
        method: 'POST',
        url: '/subscription-lists',
        headers: h,
        payload: { name: 'Newsletter' },
      })
    ).json<{ id: string }>();
    const ada = (
      await t.app.inject({
        method: 'GET',
        url: '/profiles/lookup?namespace=email&value=ada@example.com',
        headers: h,
      })
    ).json<Profile>();
    await t.app.inject({
      method: 'POST',
      url: `/subscription-lists/${list.id}/members`,
      headers: h,
      payload: { profileId: ada.id },
    });
    await t.app.inject({
      method: 'POST',
      url: `/profiles/${ada.id}/push-tokens`,
      headers: h,
      payload: { platform: 'apns', appId: 'ios', token: 'apns-1' },
    });
    await t.app.inject({
      method: 'PUT',
      url: `/profiles/${ada.id}/consent`,
      headers: h,
      payload: { channel: 'push', status: 'y' },
    });
    const owned = async () =>
      Number(
        (
          await t.database.pool.query<{ n: string }>(
            `SELECT (SELECT count(*) FROM profile_identities WHERE profile_id = $1) + (SELECT count(*) FROM profile_events WHERE profile_id = $1)
              + (SELECT count(*) FROM consent_history WHERE profile_id = $1) + (SELECT count(*) FROM push_tokens WHERE profile_id = $1)
              + (SELECT count(*) FROM subscription_members WHERE profile_id = $1) + (SELECT count(*) FROM profile_consent WHERE profile_id = $1) AS n`,
            [ada.id],
          )
        ).rows[0]?.n,
      );
    expect(await owned()).toBeGreaterThan(6);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/profiles/${ada.id}`, headers: h })).statusCode,
    ).toBe(204);
    expect(await owned()).toBe(0);
    expect(
      (await t.app.inject({ method: 'GET', url: `/profiles/${ada.id}`, headers: h })).statusCode,
    ).toBe(404);
    const audit = (
      await t.app.inject({
        method: 'GET',
        url: `/audit-log?entityId=${ada.id}`,
        headers: await t.adminHeaders(),
      })
    ).json<{ items: { action: string; summary: object }[] }>();
    expect(audit.items).toEqual([
      expect.objectContaining({ action: 'profile.erase', summary: {} }),
    ]);
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
