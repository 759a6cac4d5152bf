// Validating a workflow (before publishing) reports the business rule sets and quiet hours that
// channel activities name and that are missing or not active, and controls on transactional sends;
// once published, the campaign keeps its rule set from being deactivated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { WorkflowDefinition } from '../model.ts';
import { semanticProblems } from '../semantic.ts';
import { activity, audience, email, scheduler, workflow } from '../testing/workflows.ts';
import { mailboxConfiguration, type Headers } from './testing.ts';

let t: TestApp;
let h: Headers;
let sandboxId: string;
let configurationId: string;

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  configurationId = (await mailboxConfiguration(t, h, 'sms', 'Texts')).id;
});
afterAll(async () => {
  await t.close();
});

const texts = (
  id: string,
  controls: { businessRuleSetId?: string; quietHoursId?: string },
  category: 'marketing' | 'transactional' = 'marketing',
) =>
  activity(id, 'sms', {
    configurationId,
    category,
    confirmSending: false,
    content: { body: 'Hello' },
    ...controls,
  });

describe('validation of channel controls', () => {
  it('reports a draft rule set, missing quiet hours and controls on transactional texts as errors', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/business-rule-sets',
      headers: h,
      payload: { name: 'Draft caps', caps: [{ count: 1, period: 'daily', channels: ['sms'] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const draftRules = created.json<{ id: string }>().id;
    const missingQuiet = crypto.randomUUID();
    const definition = {
      version: 1,
      activities: [
        texts('clean', {}),
        texts('drafted', { businessRuleSetId: draftRules, quietHoursId: missingQuiet }),
        texts('receipts', { businessRuleSetId: draftRules }, 'transactional'),
      ],
      transitions: [],
    } as WorkflowDefinition;
    const problems = await semanticProblems(t.database.db, sandboxId, definition);
    expect(problems).toEqual([
      {
        activityId: 'drafted',
        path: '/activities/1/config/businessRuleSetId',
        message:
          '"drafted" uses the business rule set "Draft caps", which is draft: activate it or choose another.',
        severity: 'error',
      },
      {
        activityId: 'drafted',
        path: '/activities/1/config/quietHoursId',
        message: `"drafted" uses the quiet hours ${missingQuiet}, which this sandbox does not have.`,
        severity: 'error',
      },
      {
        activityId: 'receipts',
        path: '/activities/2/config/businessRuleSetId',
        message:
          'Business rules and quiet hours apply to marketing messages only, and "receipts" sends transactional ones.',
        severity: 'error',
      },
    ]);
  });

  it('refuses to publish with a draft rule set, publishes once it is active, then holds it', async () => {
    const admin = await t.keyHeaders('orchestratedCampaignAdministrator');
    const rules = await t.app.inject({
      method: 'POST',
      url: '/business-rule-sets',
      headers: h,
      payload: { name: 'Weekly caps', caps: [{ count: 2, period: 'weekly', channels: ['email'] }] },
    });
    expect(rules.statusCode, rules.body).toBe(201);
    const rulesId = rules.json<{ id: string }>().id;
    const mail = email('mail', (await mailboxConfiguration(t, h, 'email', 'News')).id);
    mail.config.businessRuleSetId = rulesId;
    const created = await t.app.inject({
      method: 'POST',
      url: '/orchestrated-campaigns',
      headers: admin,
      payload: {
        name: 'Capped news',
        definition: workflow(
          [scheduler('go', { frequency: 'signal' }), audience('everyone'), mail],
          ['go>everyone', 'everyone>mail'],
        ),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/orchestrated-campaigns/${created.json<{ id: string }>().id}/publish`;
    const refused = await t.app.inject({ method: 'POST', url, headers: admin });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'WORKFLOW_INVALID',
      details: {
        problems: [
          {
            activityId: 'mail',
            path: '/activities/2/config/businessRuleSetId',
            message:
              '"mail" uses the business rule set "Weekly caps", which is draft: activate it or choose another.',
            severity: 'error',
          },
        ],
      },
    });
    const rulesUrl = `/business-rule-sets/${rulesId}`;
    const activated = await t.app.inject({
      method: 'POST',
      url: `${rulesUrl}/activate`,
      headers: h,
    });
    expect(activated.statusCode, activated.body).toBe(200);
    const published = await t.app.inject({ method: 'POST', url, headers: admin });
    expect(published.statusCode, published.body).toBe(200);
    const held = await t.app.inject({ method: 'POST', url: `${rulesUrl}/deactivate`, headers: h });
    expect(held.statusCode, held.body).toBe(409);
    expect(held.json()).toMatchObject({
      code: 'GOVERNANCE_IN_USE',
      message: 'It is used by orchestrated campaign "Capped news".',
    });
  });
});
