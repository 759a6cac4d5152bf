// The lifecycle as a property: random sequences of actions by random roles, over HTTP, against a
// model of the state machine. The campaign never leaves the machine's statuses, and every
// refused action answers the 4xx the model predicts (403 without the permission, 409 otherwise).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import { ROLE_DEFINITIONS, type Permission, type Role } from '../platform/permissions.ts';
import { checkTransition, TRANSITIONS } from './lifecycle.ts';
import { CAMPAIGN_ACTIONS, CAMPAIGN_STATUSES, type CampaignStatus } from './model.ts';
import {
  act,
  createCampaign,
  createProfile,
  emailConfiguration,
  emailContent,
  groupAudience,
  type Headers,
} from './testing/fixtures.ts';

describe('the state machine table', () => {
  it('only moves between its statuses, and only with the named permission', () => {
    const permissions = fc.subarray([
      'campaigns.read',
      'campaigns.write',
      'campaigns.activate',
      'campaigns.approve',
    ] as Permission[]);
    fc.assert(
      fc.property(
        fc.constantFrom(...CAMPAIGN_STATUSES),
        fc.constantFrom(...CAMPAIGN_ACTIONS),
        permissions,
        fc.boolean(),
        (status, action, granted, system) => {
          const check = checkTransition(status, action, {
            system,
            permissions: new Set(granted),
          });
          const rule = TRANSITIONS[action];
          const allowed = rule.permission === 'system' ? system : granted.includes(rule.permission);
          if (!allowed) expect(check).toEqual({ ok: false, code: 'FORBIDDEN' });
          else if (!rule.from.includes(status))
            expect(check).toEqual({ ok: false, code: 'CAMPAIGN_TRANSITION_INVALID' });
          else {
            expect(check).toEqual({ ok: true, to: rule.to });
            expect(CAMPAIGN_STATUSES).toContain(rule.to);
          }
        },
      ),
    );
  });
});

type Verb =
  | 'activate'
  | 'request-approval'
  | 'cancel-approval'
  | 'approve'
  | 'request-changes'
  | 'stop'
  | 'archive';
const VERBS: Verb[] = [
  'activate',
  'request-approval',
  'cancel-approval',
  'approve',
  'request-changes',
  'stop',
  'archive',
];
const ROLES: Role[] = [
  'campaignViewer',
  'campaignManager',
  'campaignApprover',
  'campaignAdministrator',
];

/** What the API must answer, with an approval policy that covers the campaign. */
function expected(
  status: CampaignStatus,
  verb: Verb,
  role: Role,
): { http: number; next: CampaignStatus } {
  const can = (p: Permission) => ROLE_DEFINITIONS[role].permissions.includes(p);
  const refuse = (http: number) => ({ http, next: status });
  switch (verb) {
    case 'activate':
      if (!can('campaigns.activate')) return refuse(403);
      // A policy applies: activation must go through a request (or the status is wrong).
      return refuse(409);
    case 'request-approval':
      if (!can('campaigns.write')) return refuse(403);
      return status === 'draft' ? { http: 200, next: 'inReview' } : refuse(409);
    case 'cancel-approval':
      if (!can('campaigns.write')) return refuse(403);
      return status === 'inReview' ? { http: 200, next: 'draft' } : refuse(409);
    case 'approve':
      if (!can('campaigns.approve')) return refuse(403);
      return status === 'inReview' ? { http: 200, next: 'scheduled' } : refuse(409);
    case 'request-changes':
      if (!can('campaigns.approve')) return refuse(403);
      return status === 'inReview' ? { http: 200, next: 'draft' } : refuse(409);
    case 'stop':
      if (!can('campaigns.activate')) return refuse(403);
      return ['scheduled', 'live'].includes(status) ? { http: 200, next: 'stopped' } : refuse(409);
    case 'archive':
      if (!can('campaigns.write')) return refuse(403);
      return ['stopped', 'completed', 'failed'].includes(status)
        ? { http: 200, next: 'archived' }
        : refuse(409);
  }
}

describe('random action sequences over HTTP', () => {
  let t: TestApp;
  const keys = new Map<Role, Headers>();
  let configurationId: string;
  let audienceId: string;

  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(new Date('2026-11-27T10:00:00Z')) });
    for (const role of ROLES) keys.set(role, await t.keyHeaders(role));
    const admin = keys.get('campaignAdministrator')!;
    configurationId = (await emailConfiguration(t, admin, 'News', 'marketing')).id;
    await createProfile(t, admin, {
      identities: [{ namespace: 'email', value: 'p@example.com' }],
      attributes: { group: 'p' },
    });
    audienceId = await groupAudience(t, admin, 'p');
    const policy = await t.app.inject({
      method: 'POST',
      url: '/approval-policies',
      headers: admin,
      payload: {
        name: 'Everything',
        match: {},
        approvers: { users: [], roles: ['campaignApprover', 'campaignAdministrator'] },
        blockSelfApproval: false,
      },
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const id = policy.json<{ id: string }>().id;
    await t.app.inject({
      method: 'POST',
      url: `/approval-policies/${id}/activate`,
      headers: admin,
    });
  });
  afterAll(() => t.close());

  it('never leaves the machine and refuses with the predicted status', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...VERBS), fc.constantFrom(...ROLES)), {
          minLength: 1,
          maxLength: 8,
        }),
        async (steps) => {
          const campaign = await createCampaign(t, keys.get('campaignManager')!, {
            name: 'Property',
            action: { channel: 'email', configurationId },
            content: emailContent('Hello'),
            audience: { audienceId, namespace: 'email' },
            schedule: {
              start: 'manual',
              recurrence: { frequency: 'daily' },
              time: '23:00',
              timeZone: 'UTC',
              localTime: false,
            },
          });
          let status: CampaignStatus = 'draft';
          for (const [verb, role] of steps) {
            const want = expected(status, verb, role);
            const got = await act(
              t,
              keys.get(role)!,
              campaign.id,
              verb,
              verb === 'request-changes' ? { message: 'Please fix' } : undefined,
            );
            expect(got.status, `${verb} by ${role} in ${status}: ${JSON.stringify(got.body)}`).toBe(
              want.http,
            );
            if (got.status === 200) expect(got.body.status).toBe(want.next);
            status = want.next;
          }
          const final = await t.app.inject({
            method: 'GET',
            url: `/campaigns/${campaign.id}`,
            headers: keys.get('campaignViewer')!,
          });
          const stored = final.json<{ status: CampaignStatus }>().status;
          expect(CAMPAIGN_STATUSES).toContain(stored);
          expect(stored).toBe(status);
        },
      ),
      { numRuns: 30 },
    );
  });
});
