import { describe, expect, it } from 'vitest';
import type { Profile } from '../profiles/model.ts';
import { previewData, profileData } from './render-data.ts';

const profile: Profile = {
  id: '6f1c0c1e-2b7a-4a43-9d1b-0a3c1d2e3f40',
  identities: [
    { namespace: 'email', value: 'ada@example.com' },
    { namespace: 'email', value: 'ada@work.example' },
    { namespace: 'phone', value: '+4915112345678' },
  ],
  attributes: { person: { name: { firstName: 'Ada' } }, timezone: 'attribute value', tier: 'gold' },
  timezone: 'Europe/Berlin',
  language: null,
  testProfile: true,
  consent: {
    email: { status: 'y', source: null, changedAt: null },
    sms: { status: 'unknown', source: null, changedAt: null },
    push: { status: 'unknown', source: null, changedAt: null },
  },
  createdAt: '2026-11-27T09:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
};

describe('template data of a profile', () => {
  it('puts attributes at profile.<path> with id, first identity per namespace, time zone', () => {
    expect(profileData(profile)).toEqual({
      person: { name: { firstName: 'Ada' } },
      tier: 'gold',
      profileId: profile.id,
      identities: { email: 'ada@example.com', phone: '+4915112345678' },
      timezone: 'Europe/Berlin',
    });
  });

  it('keeps an attribute named like a missing profile field', () => {
    const data = profileData({ ...profile, timezone: null });
    expect(data.timezone).toBe('attribute value');
    expect('language' in data).toBe(false);
  });

  it('builds preview data: pasted roots, the profile over pasted data, context, link stand-ins', () => {
    expect(previewData({ data: { audience: { code: 'X' } }, context: { orderId: 7 } })).toEqual({
      unsubscribeUrl: '#unsubscribe',
      mirrorPageUrl: '#mirror-page',
      audience: { code: 'X' },
      context: { orderId: 7 },
    });
    const withProfile = previewData({ data: { profile: { a: 1 } }, profile });
    expect(withProfile.profile).toEqual(profileData(profile));
  });
});
