import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBusinessRuleSet } from './business-rules.ts';
import type { BusinessRuleSet, QuietHours } from './model.ts';
import { frequencyCapsOf, quietHoursPlan } from './plans.ts';
import { getQuietHours } from './quiet-hours.ts';
import {
  details,
  governanceTestApp,
  quietInput,
  ruleInput,
  type GovernanceTest,
} from './testing.ts';

let g: GovernanceTest;
beforeAll(async () => {
  g = await governanceTestApp();
});
afterAll(async () => g.t.close());

describe('business rule sets', () => {
  it('keep their description and caps, and become frequency caps for the pipeline', async () => {
    const created = await g.send('POST', '/business-rule-sets', ruleInput());
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
    const stored = await getBusinessRuleSet(g.db, g.sandboxId, rules.id);
    expect(stored).toEqual(rules);
    // Thursday 2026-11-26 15:30 UTC.
    expect(frequencyCapsOf(stored, new Date('2026-11-26T15:30:00Z'))).toEqual([
      { count: 3, since: new Date('2026-11-23T00:00:00Z'), channels: ['email', 'sms'] },
      { count: 1, since: new Date('2026-11-25T00:00:00Z'), channels: ['push'] },
    ]);

    const patched = await g.send('PATCH', `/business-rule-sets/${rules.id}`, {
      caps: [{ count: 10, period: 'monthly', channels: ['email'] }],
    });
    expect(patched.json()).toMatchObject({
      description: 'Not too many messages',
      caps: [{ count: 10, period: 'monthly', multiplier: 1, channels: ['email'] }],
    });
  });

  it('refuse a name taken in any case with 409, but not in another sandbox', async () => {
    const first = await g.send('POST', '/business-rule-sets', ruleInput({ name: 'Unique Caps' }));
    expect(first.statusCode).toBe(201);
    const clash = await g.send('POST', '/business-rule-sets', ruleInput({ name: 'UNIQUE caps' }));
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({
      code: 'GOVERNANCE_NAME_TAKEN',
      details: [{ path: '/name' }],
    });
    const other = (
      await g.send('POST', '/business-rule-sets', ruleInput({ name: 'Other caps' }))
    ).json<BusinessRuleSet>();
    const renamed = await g.send('PATCH', `/business-rule-sets/${other.id}`, {
      name: 'unique CAPS',
    });
    expect(renamed.json()).toMatchObject({ code: 'GOVERNANCE_NAME_TAKEN' });
    expect(await g.auditActions(other.id)).toEqual(['businessRuleSet.create']);

    const sandbox = await g.t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: await g.t.adminHeaders(),
      payload: { name: 'dev', title: 'Development' },
    });
    expect(sandbox.statusCode, sandbox.body).toBe(201);
    const dev = await g.t.keyHeaders('campaignAdministrator', 'dev');
    const elsewhere = await g.t.app.inject({
      method: 'POST',
      url: '/business-rule-sets',
      headers: { ...dev, 'x-sandbox-name': 'dev' },
      payload: ruleInput({ name: 'Unique Caps' }),
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
  });

  it('check caps with the schema, at their fields', async () => {
    const bad = await g.send(
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
    const created = await g.send('POST', '/quiet-hours', quietInput());
    expect(created.statusCode, created.body).toBe(201);
    const nights = created.json<QuietHours>();
    expect(nights).toMatchObject({ status: 'draft', behaviour: 'queue' });
    const stored = await getQuietHours(g.db, g.sandboxId, nights.id);
    expect(quietHoursPlan(stored)).toEqual({
      zone: 'Europe/Paris',
      windows: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '21:00', to: '08:00' }],
      behaviour: 'queue',
    });
    const local = (
      await g.send(
        'POST',
        '/quiet-hours',
        quietInput({ name: 'lunch', timeZone: { mode: 'profile' }, behaviour: 'discard' }),
      )
    ).json<QuietHours>();
    expect(quietHoursPlan(local)).toMatchObject({ zone: null, behaviour: 'discard' });
    await g.send('POST', '/quiet-hours', quietInput({ name: 'Mornings' }));

    const first = await g.send('GET', '/quiet-hours?limit=2');
    const page1 = first.json<{ items: QuietHours[]; nextCursor: string | null }>();
    expect(page1.items.map((q) => q.name)).toEqual(['lunch', 'Mornings']);
    expect(page1.nextCursor).toBe('mornings');
    const page2 = (await g.send('GET', `/quiet-hours?limit=2&cursor=${page1.nextCursor}`)).json<{
      items: QuietHours[];
      nextCursor: string | null;
    }>();
    expect(page2).toEqual({
      items: [expect.objectContaining({ name: 'Nights' })],
      nextCursor: null,
    });
  });

  it('refuse an unknown zone and a window that ends where it starts, at their fields', async () => {
    const bad = await g.send(
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
    const badTime = await g.send(
      'POST',
      '/quiet-hours',
      quietInput({ name: 'Broken', windows: [{ days: [7], from: '24:00', to: '08:00' }] }),
    );
    expect(details(badTime).map((d) => d.path)).toEqual(['/windows/0/days/0', '/windows/0/from']);
    expect((await g.send('GET', '/quiet-hours?q=broken')).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
