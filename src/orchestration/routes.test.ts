// Orchestrated campaigns over HTTP on a real database: drafts, validation with precise problems,
// the lifecycle by role with its audit rows, new versions.
import { describe, expect, it } from 'vitest';
import type { OrchestratedCampaign, ValidationReport } from './api-model.ts';
import { useRoutesHarness } from './testing/routes.ts';
import { audience, email, scheduler, workflow } from './testing/workflows.ts';

const h = useRoutesHarness();

describe('drafts', () => {
  it('creates, lists with filters, edits and deletes drafts; viewers only read', async () => {
    const a = await h.create('Loyalty tiers');
    const b = await h.create('Winback');
    expect(a).toMatchObject({
      status: 'draft',
      version: 1,
      paused: false,
      errorPolicy: { mode: 'suspend' },
    });
    expect(a.definition).toEqual({ version: 1, activities: [], transitions: [] });
    const names = async (query: string) =>
      (
        (await h.call(h.viewer, 'GET', `/orchestrated-campaigns?${query}`)).body
          .items as OrchestratedCampaign[]
      ).map((c) => c.name);
    expect(await names('q=loyalty')).toEqual(['Loyalty tiers']);
    expect(await names('status=draft&limit=1')).toHaveLength(1);
    const patched = await h.call(h.manager, 'PATCH', `/orchestrated-campaigns/${a.id}`, {
      description: 'Gold and silver',
      definition: h.signalFlow(),
      errorPolicy: { mode: 'ignore', maxConsecutiveErrors: 3 },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      description: 'Gold and silver',
      errorPolicy: { mode: 'ignore', maxConsecutiveErrors: 3 },
    });
    expect(
      (await h.call(h.viewer, 'PATCH', `/orchestrated-campaigns/${a.id}`, { name: 'x' })).status,
    ).toBe(403);
    expect((await h.call(h.viewer, 'POST', '/orchestrated-campaigns', { name: 'x' })).status).toBe(
      403,
    );
    expect((await h.call(h.manager, 'DELETE', `/orchestrated-campaigns/${b.id}`)).status).toBe(204);
    expect((await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${b.id}`)).body.code).toBe(
      'ORCHESTRATED_CAMPAIGN_NOT_FOUND',
    );
  });

  it('refuses a definition that does not fit the schema, naming the field', async () => {
    const a = await h.create('Broken');
    const bad = h.signalFlow();
    const r = await h.call(h.manager, 'PATCH', `/orchestrated-campaigns/${a.id}`, {
      definition: {
        ...bad,
        activities: [...bad.activities, { ...bad.activities[0], id: 'two words' }],
      },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.details)).toContain('/definition/activities/3');
  });

  it('validates: graph problems and objects that do not exist, per activity', async () => {
    const definition = workflow(
      [
        scheduler('go', { frequency: 'signal' }),
        email('mail', '00000000-0000-4000-8000-00000000dead'),
        audience('orders', 'orders'),
      ],
      ['go>mail'],
    );
    const a = await h.create('Problems', definition);
    const r = await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${a.id}/validate`);
    const report = r.body as ValidationReport;
    expect(report.valid).toBe(false);
    expect(report.problems.map((p) => `${p.activityId} ${p.path} ${p.message}`)).toEqual([
      'mail /activities/1 "mail" (email) sends to a population, but no targeting activity comes before it (via "go").',
      'mail /activities/1/config/configurationId "mail" uses the channel configuration 00000000-0000-4000-8000-00000000dead, which this sandbox does not have.',
      'orders /activities/2/config/dimension/dataset "orders" names the dataset "orders", which this sandbox does not have.',
    ]);
  });
});

describe('lifecycle', () => {
  it('publishes by role, then is read-only; every change has its audit row', async () => {
    const invalid = await h.create('Invalid', workflow([email('mail', h.configurationId)]));
    expect((await h.act(h.manager, invalid.id, 'publish')).status).toBe(403);
    const refused = await h.act(h.admin, invalid.id, 'publish');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('WORKFLOW_INVALID');
    expect(
      (refused.body.details as { problems: { activityId: string }[] }).problems[0]?.activityId,
    ).toBe('mail');

    const a = await h.create('Signalled', h.signalFlow());
    const published = await h.act(h.admin, a.id, 'publish');
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({
      status: 'live',
      nextLaunchAt: null,
      publishedAt: h.clock.now().toISOString(),
    });
    const edit = await h.call(h.manager, 'PATCH', `/orchestrated-campaigns/${a.id}`, { name: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('ORCHESTRATED_NOT_DRAFT');
    expect((await h.act(h.admin, a.id, 'publish')).body.code).toBe(
      'ORCHESTRATED_TRANSITION_INVALID',
    );
    expect((await h.act(h.manager, a.id, 'pause')).status).toBe(403);
    expect((await h.act(h.admin, a.id, 'pause')).body).toMatchObject({
      status: 'live',
      paused: true,
    });
    expect((await h.act(h.admin, a.id, 'pause')).body.message).toBe(
      'The campaign is already paused.',
    );
    expect((await h.act(h.admin, a.id, 'resume')).body).toMatchObject({ paused: false });
    expect((await h.act(h.manager, a.id, 'archive')).body.message).toBe(
      'The campaign is live; "archive" applies to campaigns that are completed or closed or stopped.',
    );
    expect((await h.act(h.admin, a.id, 'stop')).body).toMatchObject({ status: 'stopped' });
    expect((await h.act(h.manager, a.id, 'archive')).body).toMatchObject({ status: 'archived' });
    const audit = await h.t.database.pool.query<{ action: string; after: { status: string } }>(
      `SELECT action, summary->'after' AS after FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [a.id],
    );
    expect(audit.rows.map((r) => `${r.action} ${r.after.status ?? ''}`)).toEqual([
      'orchestrated.create ',
      'orchestrated.publish publishing',
      'orchestrated.goLive live',
      'orchestrated.pause live',
      'orchestrated.resume live',
      'orchestrated.stop stopped',
      'orchestrated.archive archived',
    ]);
  });

  it('makes a new version that closes the old one when published; duplicates', async () => {
    const a = await h.create('Versioned', h.signalFlow());
    expect((await h.act(h.manager, a.id, 'new-version')).status).toBe(409);
    await h.act(h.admin, a.id, 'publish');
    const next = await h.act(h.manager, a.id, 'new-version');
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({
      status: 'draft',
      version: 2,
      replacesId: a.id,
      name: 'Versioned',
    });
    expect((await h.act(h.manager, a.id, 'new-version')).body.message).toContain(
      'already being prepared',
    );
    expect((await h.act(h.admin, next.body.id as string, 'publish')).body).toMatchObject({
      status: 'live',
    });
    expect((await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${a.id}`)).body).toMatchObject({
      status: 'closed',
    });
    const copy = await h.act(h.manager, a.id, 'duplicate');
    expect(copy.body).toMatchObject({
      status: 'draft',
      version: 1,
      replacesId: null,
      name: 'Versioned (copy)',
    });
  });
});
