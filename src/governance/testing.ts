// Test helpers of the governance area: an app with an administrator's key, and valid inputs.
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../http/testing.ts';
import { findSandboxByName } from '../platform/sandboxes.ts';
import { governanceDb } from './db.ts';

export type GovernanceTest = Awaited<ReturnType<typeof governanceTestApp>>;

export async function governanceTestApp() {
  const t = await createTestApp();
  const headers = await t.keyHeaders('campaignAdministrator');
  const sandbox = await findSandboxByName(t.db, 'prod');
  if (!sandbox) throw new Error('no prod sandbox');
  return {
    t,
    sandboxId: sandbox.id,
    db: governanceDb(t.database.db),
    /** A call as a Campaign Administrator of `prod`. */
    send: (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) }),
    /** The audit actions recorded for an object, oldest first. */
    auditActions: async (id: string) =>
      (
        await t.database.pool.query<{ action: string }>(
          'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY at, id',
          [id],
        )
      ).rows.map((r) => r.action),
    /** A user who can sign in, made by the first administrator; returns its id. */
    createUser: async (email: string, name: string) => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/users',
        headers: await t.adminHeaders(),
        payload: { email, name, password: 'long enough password' },
      });
      if (created.statusCode !== 201) throw new Error(`user not created: ${created.body}`);
      return created.json<{ user: { id: string } }>().user.id;
    },
  };
}

export const details = (r: LightMyRequestResponse) =>
  r.json<{ details: { path: string; message: string }[] }>().details;

export const policyInput = (approverId: string, overrides: object = {}) => ({
  name: 'Big email sends',
  match: { types: ['scheduled'], channels: ['email'], tags: ['Newsletter'] },
  approvers: { users: [approverId], roles: ['campaignApprover'] },
  ...overrides,
});

export const ruleInput = (overrides: object = {}) => ({
  name: 'Marketing pressure',
  description: 'Not too many messages',
  caps: [
    { count: 3, period: 'weekly', channels: ['email', 'sms'] },
    { count: 1, period: 'daily', multiplier: 2, channels: ['push'] },
  ],
  ...overrides,
});

export const quietInput = (overrides: object = {}) => ({
  name: 'Nights',
  timeZone: { mode: 'fixed', zone: 'Europe/Paris' },
  windows: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '21:00', to: '08:00' }],
  behaviour: 'queue',
  ...overrides,
});
