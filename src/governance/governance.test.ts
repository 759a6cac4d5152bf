import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.ts';
import { findSandboxByName } from '../platform/sandboxes.ts';
import { getBusinessRuleSet } from './business-rules.ts';
import { governanceDb } from './db.ts';
import type { ApprovalPolicy, BusinessRuleSet, QuietHours } from './model.ts';
import { frequencyCapsOf, quietHoursPlan } from './plans.ts';
import { activePoliciesFor, getApprovalPolicy } from './policies.ts';
import { getQuietHours } from './quiet-hours.ts';

let t: TestApp;
let h: Record<string, string>;
let approverId: string;
let sandboxId: string;
beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  const created = await t.app.inject({
    method: 'POST',
    url: '/users',
    headers: await t.adminHeaders(),
    payload: {
      email: 'approver@example.test',
      name: 'Ada Approver',
      password: 'approve-it-please',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  approverId = created.json<{ user: { id: string } }>().user.id;
  sandboxId = (await findSandboxByName(t.db, 'prod'))!.id;
});
afterAll(async () => t.close());

type Reply = Awaited<ReturnType<TestApp['app']['inject']>>;
const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
const details = (r: Reply) => r.json<{ details: { path: string; message: string }[] }>().details;
const auditActions = async (id: string) =>
  (
    await t.database.pool.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY at, id',
      [id],
    )
  ).rows.map((r) => r.action);

const policyInput = (overrides: object = {}) => ({
  name: 'Big email sends',
  match: { types: ['scheduled'], channels: ['email'], tags: ['Newsletter'] },
  approvers: { users: [approverId], roles: ['campaignApprover'] },
  ...overrides,
});
const ruleInput = (overrides: object = {}) => ({
  name: 'Marketing pressure',
  description: 'Not too many messages',
  caps: [
    { count: 3, period: 'weekly', channels: ['email', 'sms'] },
    { count: 1, period: 'daily', multiplier: 2, channels: ['push'] },
  ],
  ...overrides,
});
const quietInput = (overrides: object = {}) => ({
  name: 'Nights',
  timeZone: { mode: 'fixed', zone: 'Europe/Paris' },
  windows: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '21:00', to: '08:00' }],
  behaviour: 'queue',
  ...overrides,
});

describe('approval policies', () => {
  it('are created as drafts, read, listed, replaced, patched and deleted, each change audited', async () => {
    const created = await send('POST', '/approval-policies', policyInput());
    expect(created.statusCode, created.body).toBe(201);
    const policy = created.json<ApprovalPolicy>();
    expect(policy).toMatchObject({
      status: 'draft',
      blockSelfApproval: false,
      approvers: { users: [approverId], roles: ['campaignApprover'] },
    });
    expect(policy.createdBy).toMatch(/^test campaignAdministrator/);
    const read = await send('GET', `/approval-policies/${policy.id}`);
    expect(read.json()).toEqual(policy);

    const replaced = await send(
      'PUT',
      `/approval-policies/${policy.id}`,
      policyInput({
        name: 'All email sends',
        match: { channels: ['email'] },
        blockSelfApproval: true,
      }),
    );
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json<ApprovalPolicy>()).toMatchObject({
      name: 'All email sends',
      match: { channels: ['email'] },
      blockSelfApproval: true,
      status: 'draft',
    });
    const patched = await send('PATCH', `/approval-policies/${policy.id}`, {
      match: { namePattern: 'Black Friday*' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<ApprovalPolicy>()).toMatchObject({
      name: 'All email sends',
      match: { namePattern: 'Black Friday*' },
      blockSelfApproval: true,
    });

    const listed = await send('GET', '/approval-policies?q=EMAIL&status=draft');
    expect(listed.json<{ items: ApprovalPolicy[] }>().items.map((p) => p.id)).toEqual([policy.id]);

    expect((await send('DELETE', `/approval-policies/${policy.id}`)).statusCode).toBe(204);
    expect((await send('GET', `/approval-policies/${policy.id}`)).json()).toMatchObject({
      code: 'APPROVAL_POLICY_NOT_FOUND',
    });
    expect(await auditActions(policy.id)).toEqual([
      'approvalPolicy.create',
      'approvalPolicy.update',
      'approvalPolicy.update',
      'approvalPolicy.delete',
    ]);
  });

  it('refuses approvers that name nobody, unknown users and disabled users, at their fields', async () => {
    const nobody = await send(
      'POST',
      '/approval-policies',
      policyInput({ name: 'Nobody', approvers: { users: [], roles: [] } }),
    );
    expect(nobody.statusCode).toBe(400);
    expect(details(nobody)).toEqual([
      { path: '/approvers', message: 'must name at least one user or role' },
    ]);

    const unknown = crypto.randomUUID();
    const stranger = await send(
      'POST',
      '/approval-policies',
      policyInput({ name: 'Stranger', approvers: { users: [approverId, unknown], roles: [] } }),
    );
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(details(stranger)).toEqual([{ path: '/approvers/users/1', message: 'is not a user' }]);

    const other = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: await t.adminHeaders(),
      payload: { email: 'gone@example.test', name: 'Gone', password: 'gone-for-good-now' },
    });
    const goneId = other.json<{ user: { id: string } }>().user.id;
    const disabled = await t.app.inject({
      method: 'PATCH',
      url: `/users/${goneId}`,
      headers: await t.adminHeaders(),
      payload: { status: 'disabled' },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const refused = await send(
      'POST',
      '/approval-policies',
      policyInput({ name: 'Gone', approvers: { users: [goneId], roles: [] } }),
    );
    expect(details(refused)).toEqual([
      { path: '/approvers/users/0', message: 'is a disabled user' },
    ]);
    const listed = await send('GET', '/approval-policies?q=Stranger');
    expect(listed.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('checks the name pattern length and unknown match fields with the schema', async () => {
    const long = await send(
      'POST',
      '/approval-policies',
      policyInput({ name: 'Long', match: { namePattern: 'x'.repeat(201) } }),
    );
    expect(long.statusCode).toBe(400);
    expect(details(long).map((d) => d.path)).toEqual(['/match/namePattern']);
    const extra = await send(
      'POST',
      '/approval-policies',
      policyInput({ name: 'Extra', match: { owner: 'me' } }),
    );
    expect(details(extra).map((d) => d.path)).toEqual(['/match/owner']);
  });

  it('finds the active policies that match a campaign', async () => {
    const email = (
      await send('POST', '/approval-policies', policyInput({ name: 'Email news' }))
    ).json<ApprovalPolicy>();
    const everything = (
      await send('POST', '/approval-policies', policyInput({ name: 'Everything', match: {} }))
    ).json<ApprovalPolicy>();
    const idle = (
      await send('POST', '/approval-policies', policyInput({ name: 'Idle', match: {} }))
    ).json<ApprovalPolicy>();
    for (const id of [email.id, everything.id])
      expect((await send('POST', `/approval-policies/${id}/activate`)).statusCode).toBe(200);
    const db = governanceDb(t.database.db);
    const facts = {
      type: 'scheduled' as const,
      channel: 'email' as const,
      tags: ['newsletter', 'q4'],
      name: 'November news',
      requesterId: null,
    };
    const names = async (f: typeof facts | (Omit<typeof facts, 'channel'> & { channel: 'sms' })) =>
      (await activePoliciesFor(db, sandboxId, f)).map((p) => p.name);
    expect(await names(facts)).toEqual(['Email news', 'Everything']);
    expect(await names({ ...facts, channel: 'sms' })).toEqual(['Everything']);
    expect(idle.status).toBe('draft');
  });
});

describe('status changes', () => {
  it('go draft → active → inactive → active, refuse the rest with GOVERNANCE_STATUS, and are audited', async () => {
    const rules = (
      await send('POST', '/business-rule-sets', ruleInput({ name: 'Statuses' }))
    ).json<BusinessRuleSet>();
    const act = (action: string) => send('POST', `/business-rule-sets/${rules.id}/${action}`);

    const early = await act('deactivate');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'GOVERNANCE_STATUS' });
    expect((await act('activate')).json()).toMatchObject({ status: 'active' });
    expect((await act('activate')).json()).toMatchObject({ code: 'GOVERNANCE_STATUS' });
    const busy = await send('DELETE', `/business-rule-sets/${rules.id}`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'GOVERNANCE_STATUS' });
    expect((await act('deactivate')).json()).toMatchObject({ status: 'inactive' });
    expect((await act('activate')).json()).toMatchObject({ status: 'active' });
    expect((await act('deactivate')).json()).toMatchObject({ status: 'inactive' });
    expect((await send('DELETE', `/business-rule-sets/${rules.id}`)).statusCode).toBe(204);

    const audit = await t.database.pool.query<{ action: string; summary: unknown }>(
      'SELECT action, summary FROM audit_log WHERE entity_id = $1 ORDER BY at, id',
      [rules.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'businessRuleSet.create',
      'businessRuleSet.activate',
      'businessRuleSet.deactivate',
      'businessRuleSet.activate',
      'businessRuleSet.deactivate',
      'businessRuleSet.delete',
    ]);
    expect(audit.rows[1]?.summary).toEqual({
      before: { status: 'draft' },
      after: { status: 'active' },
    });
  });

  it('answers 404 for an unknown id of each kind', async () => {
    const id = crypto.randomUUID();
    expect((await send('POST', `/quiet-hours/${id}/activate`)).json()).toMatchObject({
      code: 'QUIET_HOURS_NOT_FOUND',
    });
    expect((await send('PATCH', `/business-rule-sets/${id}`, { name: 'x' })).json()).toMatchObject({
      code: 'BUSINESS_RULE_SET_NOT_FOUND',
    });
    expect((await send('DELETE', `/approval-policies/${id}`)).statusCode).toBe(404);
  });
});

describe('business rule sets', () => {
  it('keep their description and caps, and become frequency caps for the pipeline', async () => {
    const created = await send('POST', '/business-rule-sets', ruleInput());
    expect(created.statusCode, created.body).toBe(201);
    const rules = created.json<BusinessRuleSet>();
    expect(rules).toMatchObject({
      status: 'draft',
      description: 'Not too many messages',
      caps: [
        { count: 3, period: 'weekly', multiplier: 1, channels: ['email', 'sms'] },
        { count: 1, period: 'daily', multiplier: 2, channels: ['push'] },
      ],
    });
    const stored = await getBusinessRuleSet(governanceDb(t.database.db), sandboxId, rules.id);
    expect(stored).toEqual(rules);
    // Thursday 2026-11-26 15:30 UTC.
    expect(frequencyCapsOf(stored, new Date('2026-11-26T15:30:00Z'))).toEqual([
      { count: 3, since: new Date('2026-11-23T00:00:00Z'), channels: ['email', 'sms'] },
      { count: 1, since: new Date('2026-11-25T00:00:00Z'), channels: ['push'] },
    ]);

    const patched = await send('PATCH', `/business-rule-sets/${rules.id}`, {
      caps: [{ count: 10, period: 'monthly', channels: ['email'] }],
    });
    expect(patched.json()).toMatchObject({
      description: 'Not too many messages',
      caps: [{ count: 10, period: 'monthly', multiplier: 1, channels: ['email'] }],
    });
  });

  it('refuse a name taken in any case with 409, but not in another sandbox', async () => {
    const first = await send('POST', '/business-rule-sets', ruleInput({ name: 'Unique Caps' }));
    expect(first.statusCode).toBe(201);
    const clash = await send('POST', '/business-rule-sets', ruleInput({ name: 'UNIQUE caps' }));
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({
      code: 'GOVERNANCE_NAME_TAKEN',
      details: [{ path: '/name' }],
    });
    const other = (
      await send('POST', '/business-rule-sets', ruleInput({ name: 'Other caps' }))
    ).json<BusinessRuleSet>();
    const renamed = await send('PATCH', `/business-rule-sets/${other.id}`, { name: 'unique CAPS' });
    expect(renamed.json()).toMatchObject({ code: 'GOVERNANCE_NAME_TAKEN' });
    expect(await auditActions(other.id)).toEqual(['businessRuleSet.create']);

    const sandbox = await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: await t.adminHeaders(),
      payload: { name: 'dev', title: 'Development' },
    });
    expect(sandbox.statusCode, sandbox.body).toBe(201);
    const dev = await t.keyHeaders('campaignAdministrator', 'dev');
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/business-rule-sets',
      headers: { ...dev, 'x-sandbox-name': 'dev' },
      payload: ruleInput({ name: 'Unique Caps' }),
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
  });

  it('check caps with the schema, at their fields', async () => {
    const bad = await send(
      'POST',
      '/business-rule-sets',
      ruleInput({ name: 'Bad', caps: [{ count: 0, period: 'yearly', channels: [] }] }),
    );
    expect(bad.statusCode).toBe(400);
    expect(details(bad).map((d) => d.path)).toEqual(
      expect.arrayContaining(['/caps/0/count', '/caps/0/period', '/caps/0/channels']),
    );
  });
});

describe('quiet hours', () => {
  it('are stored, listed by name with paging, and planned for the pipeline', async () => {
    const created = await send('POST', '/quiet-hours', quietInput());
    expect(created.statusCode, created.body).toBe(201);
    const nights = created.json<QuietHours>();
    expect(nights).toMatchObject({ status: 'draft', behaviour: 'queue' });
    const stored = await getQuietHours(governanceDb(t.database.db), sandboxId, nights.id);
    expect(quietHoursPlan(stored)).toEqual({
      zone: 'Europe/Paris',
      windows: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '21:00', to: '08:00' }],
      behaviour: 'queue',
    });
    const local = (
      await send(
        'POST',
        '/quiet-hours',
        quietInput({ name: 'lunch', timeZone: { mode: 'profile' }, behaviour: 'discard' }),
      )
    ).json<QuietHours>();
    expect(quietHoursPlan(local)).toMatchObject({ zone: null, behaviour: 'discard' });
    await send('POST', '/quiet-hours', quietInput({ name: 'Mornings' }));

    const first = await send('GET', '/quiet-hours?limit=2');
    const page1 = first.json<{ items: QuietHours[]; nextCursor: string | null }>();
    expect(page1.items.map((q) => q.name)).toEqual(['lunch', 'Mornings']);
    expect(page1.nextCursor).toBe('mornings');
    const page2 = (await send('GET', `/quiet-hours?limit=2&cursor=${page1.nextCursor}`)).json<{
      items: QuietHours[];
      nextCursor: string | null;
    }>();
    expect(page2).toEqual({
      items: [expect.objectContaining({ name: 'Nights' })],
      nextCursor: null,
    });
  });

  it('refuse an unknown zone and a window that ends where it starts, at their fields', async () => {
    const bad = await send(
      'POST',
      '/quiet-hours',
      quietInput({
        name: 'Broken',
        timeZone: { mode: 'fixed', zone: 'Mars/Olympus_Mons' },
        windows: [
          { days: [1], from: '12:00', to: '13:00' },
          { days: [2], from: '12:00', to: '12:00' },
        ],
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(details(bad)).toEqual([
      { path: '/timeZone/zone', message: 'is not an IANA time zone' },
      { path: '/windows/1/to', message: 'must differ from the start time' },
    ]);
    const badTime = await send(
      'POST',
      '/quiet-hours',
      quietInput({ name: 'Broken', windows: [{ days: [7], from: '24:00', to: '08:00' }] }),
    );
    expect(details(badTime).map((d) => d.path)).toEqual(['/windows/0/days/0', '/windows/0/from']);
    expect((await send('GET', '/quiet-hours?q=broken')).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});

describe('permissions', () => {
  it('let viewers and managers read governance objects but not change them', async () => {
    const policy = await getApprovalPolicy(
      governanceDb(t.database.db),
      sandboxId,
      (await send('POST', '/approval-policies', policyInput({ name: 'Guarded' }))).json<{
        id: string;
      }>().id,
    );
    for (const role of ['campaignViewer', 'campaignManager'] as const) {
      const headers = await t.keyHeaders(role);
      const read = await t.app.inject({
        method: 'GET',
        url: `/approval-policies/${policy.id}`,
        headers,
      });
      expect(read.statusCode).toBe(200);
      const writes = [
        { method: 'POST' as const, url: '/quiet-hours', payload: quietInput({ name: role }) },
        { method: 'POST' as const, url: '/business-rule-sets', payload: ruleInput({ name: role }) },
        { method: 'PUT' as const, url: `/approval-policies/${policy.id}`, payload: policyInput() },
        { method: 'POST' as const, url: `/approval-policies/${policy.id}/activate` },
        { method: 'DELETE' as const, url: `/approval-policies/${policy.id}` },
      ];
      for (const write of writes) {
        const r = await t.app.inject({ ...write, headers });
        expect(r.statusCode, `${role} ${write.method} ${write.url}`).toBe(403);
        expect(r.json()).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
    expect(await auditActions(policy.id)).toEqual(['approvalPolicy.create']);
  });
});
