// The lifecycle table: every status × action for each role, checked against the rules it states.
import { describe, expect, it } from 'vitest';
import { ROLE_DEFINITIONS } from '../platform/permissions.ts';
import { ORCHESTRATED_STATUSES } from './api-model.ts';
import { checkTransition, TRANSITIONS, type OrchestratedAction } from './lifecycle.ts';

const actions = Object.keys(TRANSITIONS) as OrchestratedAction[];
const roles = {
  manager: new Set(ROLE_DEFINITIONS.orchestratedCampaignManager.permissions),
  approver: new Set(ROLE_DEFINITIONS.orchestratedCampaignApprover.permissions),
  viewer: new Set(ROLE_DEFINITIONS.orchestratedCampaignViewer.permissions),
};

describe('checkTransition', () => {
  it('allows exactly the listed statuses, keeps system actions from people, and only approvers publish', () => {
    for (const status of ORCHESTRATED_STATUSES)
      for (const paused of [false, true])
        for (const action of actions) {
          const rule = TRANSITIONS[action];
          const statusOk =
            rule.from.includes(status) && (!rule.paused || rule.paused.requires === paused);
          const system = checkTransition({ status, paused }, action, {
            system: true,
            permissions: new Set(),
          });
          expect(system.ok).toBe(statusOk);
          for (const [role, permissions] of Object.entries(roles)) {
            const check = checkTransition({ status, paused }, action, {
              system: false,
              permissions,
            });
            const permitted = rule.permission !== 'system' && permissions.has(rule.permission);
            expect(check.ok, `${role} ${action} ${status}`).toBe(permitted && statusOk);
            if (!permitted) expect(check).toMatchObject({ ok: false, code: 'FORBIDDEN' });
          }
        }
    const manager = (action: OrchestratedAction) =>
      checkTransition({ status: 'live', paused: false }, action, {
        system: false,
        permissions: roles.manager,
      }).ok;
    expect(
      ['publish', 'pause', 'stop', 'close'].map((a) => manager(a as OrchestratedAction)),
    ).toEqual([false, false, false, false]);
  });

  it('says which statuses an action applies to', () => {
    expect(
      checkTransition({ status: 'draft', paused: false }, 'stop', {
        system: false,
        permissions: roles.approver,
      }),
    ).toEqual({
      ok: false,
      code: 'ORCHESTRATED_TRANSITION_INVALID',
      message: 'The campaign is a draft; "stop" applies to campaigns that are live or scheduled.',
    });
    expect(
      checkTransition({ status: 'scheduled', paused: true }, 'resume', {
        system: false,
        permissions: roles.approver,
      }),
    ).toEqual({ ok: true, to: 'scheduled', paused: false });
    expect(
      checkTransition({ status: 'live', paused: true }, 'stop', {
        system: true,
        permissions: new Set(),
      }),
    ).toEqual({ ok: true, to: 'stopped', paused: false });
  });
});
