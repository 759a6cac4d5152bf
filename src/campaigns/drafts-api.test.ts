// Campaign drafts on a real database: created, listed with filters, edited and deleted, and
// reviewed for the problems that keep them from activation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../http/testing.ts';
import { openCampaignsApp } from './campaigns.testing.ts';
import type { Campaign, CampaignReview } from './model.ts';
import { act, createCampaign, emailContent, type Headers } from './testing/fixtures.ts';

let t: TestApp;
let admin: Headers;
let manager: Headers;
let approver: Headers;
let configurationId: string;

beforeAll(async () => {
  ({ t, admin, manager, approver, configurationId } = await openCampaignsApp());
});
afterAll(() => t.close());

describe('drafts', () => {
  it('creates, lists with filters, edits and deletes drafts', async () => {
    const a = await createCampaign(t, manager, { name: 'Spring sale', tags: ['sale', 'spring'] });
    const b = await createCampaign(t, manager, {
      name: 'Receipt',
      category: 'transactional',
      description: 'order receipts',
    });
    expect(a).toMatchObject({ status: 'draft', version: 1, action: null, controls: {} });
    const list = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `/campaigns?${query}`, headers: manager }))
        .json<{ items: Campaign[] }>()
        .items.map((c) => c.name);
    expect(await list('tag=sale')).toEqual(['Spring sale']);
    expect(await list('q=receipts')).toEqual(['Receipt']);
    expect(await list('status=draft&limit=1')).toHaveLength(1);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${a.id}`,
      headers: manager,
      payload: { description: 'Up to 30% off', action: { channel: 'email', configurationId } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<Campaign>()).toMatchObject({
      description: 'Up to 30% off',
      name: 'Spring sale',
    });
    expect(await list('channel=email')).toContain('Spring sale');
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${a.id}`,
      headers: manager,
      payload: { schedule: { start: 'soon' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('/schedule');
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/campaigns/${b.id}`,
      headers: manager,
    });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/campaigns/${b.id}`, headers: manager }))
        .statusCode,
    ).toBe(404);
  });

  it('reviews a draft: blocking problems with the step to fix them', async () => {
    const draft = await createCampaign(t, manager, {
      name: 'Incomplete',
      action: { channel: 'email', configurationId },
      content: emailContent('Hi {{profile.name', '<p>x</p>'),
    });
    const review = (
      await t.app.inject({ method: 'GET', url: `/campaigns/${draft.id}/review`, headers: manager })
    ).json<CampaignReview>();
    expect(review.ready).toBe(false);
    const codes = review.problems.map((p) => `${p.step}:${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'content:CONTENT_INVALID',
        'audience:AUDIENCE_REQUIRED',
        'schedule:SCHEDULE_REQUIRED',
      ]),
    );
    const refused = await act(t, approver, draft.id, 'activate');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('CAMPAIGN_NOT_READY');
    // A transactional configuration does not fit a marketing campaign.
    const configs = await t.app.inject({
      method: 'GET',
      url: '/channel-configurations?q=Receipts',
      headers: admin,
    });
    const receipts = configs.json<{ items: { id: string }[] }>().items[0]!.id;
    await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${draft.id}`,
      headers: manager,
      payload: { action: { channel: 'email', configurationId: receipts } },
    });
    const again = (
      await t.app.inject({ method: 'GET', url: `/campaigns/${draft.id}/review`, headers: manager })
    ).json<CampaignReview>();
    expect(again.problems.map((p) => p.code)).toContain('CONFIGURATION_CATEGORY');
    // An API-triggered campaign needs no audience nor schedule.
    const api = await createCampaign(t, manager, {
      name: 'Order confirmation',
      type: 'api',
      category: 'transactional',
      trigger: { createProfiles: false, highThroughput: true, feedback: false },
    });
    const apiReview = (
      await t.app.inject({ method: 'GET', url: `/campaigns/${api.id}/review`, headers: manager })
    ).json<CampaignReview>();
    expect(apiReview.problems.map((p) => p.code).sort()).toEqual([
      'ACTION_REQUIRED',
      'CONTENT_REQUIRED',
    ]);
  });
});
