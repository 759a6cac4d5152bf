// What a profile owns: consent history, events, push tokens, and their erasure with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../http/testing.ts';
import type { Profile } from './model.ts';
import { seedAdaAndBob, startProfilesApp, upsertProfile } from './profiles.testing.ts';

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  ({ t, h } = await startProfilesApp());
  await seedAdaAndBob(t, h);
});
afterAll(async () => t.close());

const upsert = (payload: object) => upsertProfile(t, h, payload);

describe('profiles', () => {
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
});
