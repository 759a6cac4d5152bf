// Approval policies on a real database: matching campaigns go to review and are locked, then
// approved or sent back with changes; self-approval is blocked when the policy says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../http/testing.ts';
import { openCampaignsApp, type CampaignsApp } from './campaigns.testing.ts';
import type { ApprovalRequest, CampaignReview } from './model.ts';
import { act, type Headers } from './testing/fixtures.ts';

let t: TestApp;
let admin: Headers;
let manager: Headers;
let approver: Headers;
let ready: CampaignsApp['ready'];

beforeAll(async () => {
  ({ t, admin, manager, approver, ready } = await openCampaignsApp());
});
afterAll(() => t.close());

describe('approval policies', () => {
  let policyId: string;
  let approverUser: { id: string; headers: Headers };

  beforeAll(async () => {
    // Without any active policy a manager cannot get a campaign activated.
    const lone = await ready('No policy yet');
    const refused = await act(t, manager, lone.id, 'request-approval');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('No approval policy');
    const created = await t.app.inject({
      method: 'POST',
      url: '/approval-policies',
      headers: admin,
      payload: {
        name: 'Marketing email',
        match: { channels: ['email'], tags: ['vip'] },
        approvers: { users: [], roles: ['campaignApprover'] },
        blockSelfApproval: true,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    policyId = created.json<{ id: string }>().id;
    const active = await t.app.inject({
      method: 'POST',
      url: `/approval-policies/${policyId}/activate`,
      headers: admin,
    });
    expect(active.statusCode, active.body).toBe(200);
    approverUser = { id: '', headers: approver };
  });

  it('routes a matching campaign to review, locks it, and activates it on approval', async () => {
    const campaign = await ready('VIP preview', { tags: ['vip'] });
    const review = (
      await t.app.inject({
        method: 'GET',
        url: `/campaigns/${campaign.id}/review`,
        headers: manager,
      })
    ).json<CampaignReview>();
    expect(review).toMatchObject({
      ready: true,
      approvalRequired: true,
      policies: [{ name: 'Marketing email' }],
    });
    const direct = await act(t, approver, campaign.id, 'activate');
    expect(direct.status).toBe(409);
    expect(direct.body.code).toBe('APPROVAL_REQUIRED');
    const requested = await act(t, manager, campaign.id, 'request-approval');
    expect(requested.body.status).toBe('inReview');
    const locked = await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${campaign.id}`,
      headers: manager,
      payload: { name: 'changed' },
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json<{ message: string }>().message).toContain('in review');
    const inbox = (
      await t.app.inject({
        method: 'GET',
        url: '/approval-requests?status=pending&mine=true',
        headers: approverUser.headers,
      })
    ).json<{ items: ApprovalRequest[] }>().items;
    expect(inbox.map((r) => r.campaignName)).toContain('VIP preview');
    expect((await act(t, manager, campaign.id, 'approve')).status).toBe(403);
    const approved = await act(t, approver, campaign.id, 'approve', { message: 'Looks good' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('scheduled');
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/campaigns/${campaign.id}/approvals`,
        headers: manager,
      })
    ).json<{ items: ApprovalRequest[] }>().items;
    expect(history).toMatchObject([
      { status: 'approved', message: 'Looks good', policies: [{ name: 'Marketing email' }] },
    ]);
  });

  it('sends a campaign back with requested changes, and auto-approves one no policy matches', async () => {
    const campaign = await ready('VIP recap', { tags: ['vip'] });
    await act(t, manager, campaign.id, 'request-approval');
    const noMessage = await act(t, approver, campaign.id, 'request-changes', {});
    expect(noMessage.status).toBe(400);
    const back = await act(t, approver, campaign.id, 'request-changes', {
      message: 'Fix the subject',
    });
    expect(back.body.status).toBe('draft');
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/campaigns/${campaign.id}/approvals`,
        headers: manager,
      })
    ).json<{ items: ApprovalRequest[] }>().items;
    expect(history[0]).toMatchObject({ status: 'changesRequested', message: 'Fix the subject' });
    const other = await ready('Plain news');
    const auto = await act(t, manager, other.id, 'request-approval');
    expect(auto.body.status).toBe('scheduled');
  });

  it('blocks self-approval when the policy says so', async () => {
    // A user who is an approver requests approval and then tries to approve it.
    const created = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: await t.adminHeaders(),
      payload: {
        name: 'Ada Approver',
        email: 'ada.approver@example.com',
        roles: [{ role: 'campaignApprover', sandbox: 'prod' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { invitationUrl } = created.json<{ invitationUrl: string }>();
    const token = invitationUrl.split('/').pop()!;
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/auth/invitations/${token}/accept`,
      payload: { password: 'a long enough password' },
    });
    expect(accepted.statusCode, accepted.body).toBeLessThan(300);
    const session = await t.login('ada.approver@example.com', 'a long enough password');
    const ada = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    const campaign = await ready('VIP self', { tags: ['vip'] });
    expect((await act(t, ada, campaign.id, 'request-approval')).body.status).toBe('inReview');
    const self = await act(t, ada, campaign.id, 'approve');
    expect(self.status, JSON.stringify(self.body)).toBe(403);
    expect(self.body.code).toBe('APPROVAL_NOT_ALLOWED');
    expect((await act(t, approver, campaign.id, 'approve')).body.status).toBe('scheduled');
  });
});
