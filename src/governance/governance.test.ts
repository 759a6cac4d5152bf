import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalPolicy, BusinessRuleSet } from './model.ts';
import { activePoliciesFor, getApprovalPolicy } from './policies.ts';
import {
  details,
  governanceTestApp,
  policyInput,
  quietInput,
  ruleInput,
  type GovernanceTest,
} from './testing.ts';

let g: GovernanceTest;
let approverId: string;
beforeAll(async () => {
  g = await governanceTestApp();
  approverId = await g.createUser('approver@example.test', 'Ada Approver');
});
afterAll(async () => g.t.close());

describe('approval policies', () => {
  it('are created as drafts, read, listed, replaced, patched and deleted, each change audited', async () => {
    const created = await g.send('POST', '/approval-policies', policyInput(approverId));
    expect(created.statusCode, created.body).toBe(201);
    const policy = created.json<ApprovalPolicy>();
    expect(policy).toMatchObject({
      status: 'draft',
      blockSelfApproval: false,
      approvers: { users: [approverId], roles: ['campaignApprover'] },
    });
    expect(policy.createdBy).toMatch(/^test campaignAdministrator/);
    const read = await g.send('GET', `/approval-policies/${policy.id}`);
    expect(read.json()).toEqual(policy);

    const replaced = await g.send(
      'PUT',
      `/approval-policies/${policy.id}`,
      policyInput(approverId, {
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
    const patched = await g.send('PATCH', `/approval-policies/${policy.id}`, {
      match: { namePattern: 'Black Friday*' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<ApprovalPolicy>()).toMatchObject({
      name: 'All email sends',
      match: { namePattern: 'Black Friday*' },
      blockSelfApproval: true,
    });

    const listed = await g.send('GET', '/approval-policies?q=EMAIL&status=draft');
    expect(listed.json<{ items: ApprovalPolicy[] }>().items.map((p) => p.id)).toEqual([policy.id]);

    expect((await g.send('DELETE', `/approval-policies/${policy.id}`)).statusCode).toBe(204);
    expect((await g.send('GET', `/approval-policies/${policy.id}`)).json()).toMatchObject({
      code: 'APPROVAL_POLICY_NOT_FOUND',
    });
    expect(await g.auditActions(policy.id)).toEqual([
      'approvalPolicy.create',
      'approvalPolicy.update',
      'approvalPolicy.update',
      'approvalPolicy.delete',
    ]);
  });

  it('refuses approvers that name nobody, unknown users and disabled users, at their fields', async () => {
    const nobody = await g.send(
      'POST',
      '/approval-policies',
      policyInput(approverId, { name: 'Nobody', approvers: { users: [], roles: [] } }),
    );
    expect(nobody.statusCode).toBe(400);
    expect(details(nobody)).toEqual([
      { path: '/approvers', message: 'must name at least one user or role' },
    ]);

    const unknown = crypto.randomUUID();
    const stranger = await g.send(
      'POST',
      '/approval-policies',
      policyInput(approverId, {
        name: 'Stranger',
        approvers: { users: [approverId, unknown], roles: [] },
      }),
    );
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(details(stranger)).toEqual([{ path: '/approvers/users/1', message: 'is not a user' }]);

    const goneId = await g.createUser('gone@example.test', 'Gone');
    const disabled = await g.t.app.inject({
      method: 'PATCH',
      url: `/users/${goneId}`,
      headers: await g.t.adminHeaders(),
      payload: { status: 'disabled' },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const refused = await g.send(
      'POST',
      '/approval-policies',
      policyInput(approverId, { name: 'Gone', approvers: { users: [goneId], roles: [] } }),
    );
    expect(details(refused)).toEqual([
      { path: '/approvers/users/0', message: 'is a disabled user' },
    ]);
    const listed = await g.send('GET', '/approval-policies?q=Stranger');
    expect(listed.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('checks the name pattern length and unknown match fields with the schema', async () => {
    const long = await g.send(
      'POST',
      '/approval-policies',
      policyInput(approverId, { name: 'Long', match: { namePattern: 'x'.repeat(201) } }),
    );
    expect(long.statusCode).toBe(400);
    expect(details(long).map((d) => d.path)).toEqual(['/match/namePattern']);
    const extra = await g.send(
      'POST',
      '/approval-policies',
      policyInput(approverId, { name: 'Extra', match: { owner: 'me' } }),
    );
    expect(details(extra).map((d) => d.path)).toEqual(['/match/owner']);
  });

  it('finds the active policies that match a campaign', async () => {
    const email = (
      await g.send('POST', '/approval-policies', policyInput(approverId, { name: 'Email news' }))
    ).json<ApprovalPolicy>();
    const everything = (
      await g.send(
        'POST',
        '/approval-policies',
        policyInput(approverId, { name: 'Everything', match: {} }),
      )
    ).json<ApprovalPolicy>();
    const idle = (
      await g.send(
        'POST',
        '/approval-policies',
        policyInput(approverId, { name: 'Idle', match: {} }),
      )
    ).json<ApprovalPolicy>();
    for (const id of [email.id, everything.id])
      expect((await g.send('POST', `/approval-policies/${id}/activate`)).statusCode).toBe(200);
    const db = g.db;
    const facts = {
      type: 'scheduled' as const,
      channel: 'email' as const,
      tags: ['newsletter', 'q4'],
      name: 'November news',
      requesterId: null,
    };
    const names = async (f: typeof facts | (Omit<typeof facts, 'channel'> & { channel: 'sms' })) =>
      (await activePoliciesFor(db, g.sandboxId, f)).map((p) => p.name);
    expect(await names(facts)).toEqual(['Email news', 'Everything']);
    expect(await names({ ...facts, channel: 'sms' })).toEqual(['Everything']);
    expect(idle.status).toBe('draft');
  });
});

describe('status changes', () => {
  it('go draft → active → inactive → active, refuse the rest with GOVERNANCE_STATUS, and are audited', async () => {
    const rules = (
      await g.send('POST', '/business-rule-sets', ruleInput({ name: 'Statuses' }))
    ).json<BusinessRuleSet>();
    const act = (action: string) => g.send('POST', `/business-rule-sets/${rules.id}/${action}`);

    const early = await act('deactivate');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'GOVERNANCE_STATUS' });
    expect((await act('activate')).json()).toMatchObject({ status: 'active' });
    expect((await act('activate')).json()).toMatchObject({ code: 'GOVERNANCE_STATUS' });
    const busy = await g.send('DELETE', `/business-rule-sets/${rules.id}`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'GOVERNANCE_STATUS' });
    expect((await act('deactivate')).json()).toMatchObject({ status: 'inactive' });
    expect((await act('activate')).json()).toMatchObject({ status: 'active' });
    expect((await act('deactivate')).json()).toMatchObject({ status: 'inactive' });
    expect((await g.send('DELETE', `/business-rule-sets/${rules.id}`)).statusCode).toBe(204);

    const audit = await g.t.database.pool.query<{ action: string; summary: unknown }>(
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
    expect((await g.send('POST', `/quiet-hours/${id}/activate`)).json()).toMatchObject({
      code: 'QUIET_HOURS_NOT_FOUND',
    });
    expect(
      (await g.send('PATCH', `/business-rule-sets/${id}`, { name: 'x' })).json(),
    ).toMatchObject({
      code: 'BUSINESS_RULE_SET_NOT_FOUND',
    });
    expect((await g.send('DELETE', `/approval-policies/${id}`)).statusCode).toBe(404);
  });
});

describe('permissions', () => {
  it('let viewers and managers read governance objects but not change them', async () => {
    const policy = await getApprovalPolicy(
      g.db,
      g.sandboxId,
      (
        await g.send('POST', '/approval-policies', policyInput(approverId, { name: 'Guarded' }))
      ).json<{
        id: string;
      }>().id,
    );
    for (const role of ['campaignViewer', 'campaignManager'] as const) {
      const headers = await g.t.keyHeaders(role);
      const read = await g.t.app.inject({
        method: 'GET',
        url: `/approval-policies/${policy.id}`,
        headers,
      });
      expect(read.statusCode).toBe(200);
      const writes = [
        { method: 'POST' as const, url: '/quiet-hours', payload: quietInput({ name: role }) },
        { method: 'POST' as const, url: '/business-rule-sets', payload: ruleInput({ name: role }) },
        {
          method: 'PUT' as const,
          url: `/approval-policies/${policy.id}`,
          payload: policyInput(approverId),
        },
        { method: 'POST' as const, url: `/approval-policies/${policy.id}/activate` },
        { method: 'DELETE' as const, url: `/approval-policies/${policy.id}` },
      ];
      for (const write of writes) {
        const r = await g.t.app.inject({ ...write, headers });
        expect(r.statusCode, `${role} ${write.method} ${write.url}`).toBe(403);
        expect(r.json()).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
    expect(await g.auditActions(policy.id)).toEqual(['approvalPolicy.create']);
  });
});
