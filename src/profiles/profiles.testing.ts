// Setup shared by the profile API tests: an app with a campaign administrator's key.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.ts';

export async function startProfilesApp(): Promise<{ t: TestApp; h: Record<string, string> }> {
  const t = await createTestApp();
  return { t, h: await t.keyHeaders('campaignAdministrator') };
}

export function upsertProfile(
  t: TestApp,
  h: Record<string, string>,
  payload: object,
): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/profiles', headers: h, payload });
}

/**
 * Ada (email and crmId, gold tier) and Bob (email), as the identity tests leave them, for tests
 * that read or change an existing profile's data.
 */
export async function seedAdaAndBob(t: TestApp, h: Record<string, string>): Promise<void> {
  const ada = await upsertProfile(t, h, {
    identities: [
      { namespace: 'email', value: 'ada@example.com' },
      { namespace: 'crmId', value: 'C-1' },
    ],
    attributes: {
      person: { name: { firstName: 'Ada', lastName: 'Lovelace' } },
      loyalty: { tier: 'gold', points: 10 },
      homeAddress: { city: 'London' },
    },
    timezone: 'Europe/London',
    language: 'en-GB',
    testProfile: true,
  });
  expect(ada.statusCode, ada.body).toBe(201);
  const bob = await upsertProfile(t, h, {
    identities: [{ namespace: 'email', value: 'bob@example.com' }],
    attributes: { name: 'Bob' },
  });
  expect(bob.statusCode, bob.body).toBe(201);
}
