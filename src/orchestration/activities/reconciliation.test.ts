import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worktable } from '../engine/types.ts';
import type { ActivityConfig } from '../model.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import {
  activityOf,
  openPopulationTest,
  populationOf,
  type PopulationTest,
} from './population.testing.ts';

let t: PopulationTest;
let lines: Worktable;
const profile: Record<string, string> = {};

async function createProfile(
  name: string,
  attributes: object,
  identities: [string, string][] = [],
): Promise<void> {
  const created = await t.pool.query<{ id: string }>(
    `INSERT INTO profiles (sandbox_id, attributes) VALUES ($1, $2) RETURNING id`,
    [t.sandboxId, attributes],
  );
  profile[name] = created.rows[0]!.id;
  for (const [namespace, value] of identities)
    await t.pool.query(
      `INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id) VALUES ($1, $2, $3, $4)`,
      [t.sandboxId, namespace, value, profile[name]],
    );
}

beforeAll(async () => {
  t = await openPopulationTest();
  await createProfile('ann', { loyalty: { id: 'L1' } }, [['email', 'ann@x.test']]);
  await createProfile('bob', {}, [
    ['email', 'bob@x.test'],
    ['crmId', 'C2'],
  ]);
  await createProfile('cid', { loyalty: { id: 'L3' } });
  await createProfile('dup1', { loyalty: { id: 'DUP' } });
  await createProfile('dup2', { loyalty: { id: 'DUP' } });
  lines = await populationOf(t.pool, 'lines', {
    dimension: { kind: 'file', description: 'members.csv' },
    keys: ['line_no'],
    columns: { line_no: 'integer', email: 'text', crm: 'text', loyalty: 'text', pid: 'text' },
    rows: [
      [2, ' Ann@X.test ', null, null, null],
      [3, 'nobody@x.test', 'C2', null, null],
      [4, null, null, 'L3', null],
      [5, null, null, 'DUP', profile.dup2],
      [6, 'ann@x.test', null, null, null],
      [7, null, 'C9', 'L9', 'not-a-uuid'],
    ],
  });
});
afterAll(() => t.close());

const RULES: ActivityConfig<'reconciliation'>['rules'] = [
  { column: 'email', match: { kind: 'identity', namespace: 'email' } },
  { column: 'crm', match: { kind: 'identity', namespace: 'crmId' } },
  { column: 'loyalty', match: { kind: 'attribute', path: 'loyalty.id' } },
  { column: 'pid', match: { kind: 'profileId' } },
];

async function reconcile(config: ActivityConfig<'reconciliation'>, input = lines) {
  const { outcome } = await runActivityForTest(t.pool, {
    sandboxId: t.sandboxId,
    activity: activityOf('reconciliation', config),
    inputs: [{ from: 'lines', worktable: input }],
  });
  if (outcome.kind !== 'done') throw new Error(outcome.kind);
  return outcome.outputs;
}

describe('reconciliation', () => {
  it('matches rows by the first rule that finds one profile; the first row per profile', async () => {
    const { out, unreconciled } = await reconcile({ rules: RULES, keepUnreconciled: true });
    expect(out?.dimension).toEqual({ kind: 'profiles' });
    expect(out?.keys).toEqual(['profile_id']);
    const byLine = (await worktableRows(t.pool, out))
      .sort((a, b) => Number(a.line_no) - Number(b.line_no))
      .map(({ profile_id, ...rest }) => ({ profile: profile_id, ...rest }));
    expect(byLine).toEqual([
      {
        profile: profile.ann,
        line_no: 2,
        email: ' Ann@X.test ',
        crm: null,
        loyalty: null,
        pid: null,
      },
      {
        profile: profile.bob,
        line_no: 3,
        email: 'nobody@x.test',
        crm: 'C2',
        loyalty: null,
        pid: null,
      },
      { profile: profile.cid, line_no: 4, email: null, crm: null, loyalty: 'L3', pid: null },
      {
        profile: profile.dup2,
        line_no: 5,
        email: null,
        crm: null,
        loyalty: 'DUP',
        pid: profile.dup2,
      },
    ]);
    expect(out?.count).toBe(4);
    expect(unreconciled?.dimension).toEqual({ kind: 'file', description: 'members.csv' });
    expect(await worktableRows(t.pool, unreconciled)).toEqual([
      { line_no: 7, email: null, crm: 'C9', loyalty: 'L9', pid: 'not-a-uuid' },
    ]);
  });

  it('tries rules in their order', async () => {
    // The profile id first: line 5 still reaches dup2, and nothing else changes.
    const { out, unreconciled } = await reconcile({
      rules: [RULES[3]!, RULES[2]!],
      keepUnreconciled: false,
    });
    expect(unreconciled).toBeUndefined();
    const pairs = (await worktableRows(t.pool, out)).map((r) => [r.line_no, r.profile_id]);
    expect(pairs.sort()).toEqual(
      [
        [4, profile.cid],
        [5, profile.dup2],
      ].sort(),
    );
  });

  it('fails on a column the population lacks, or a population of profiles', async () => {
    await expect(
      reconcile({
        rules: [{ column: 'phone', match: { kind: 'identity', namespace: 'phone' } }],
        keepUnreconciled: false,
      }),
    ).rejects.toThrow('no column phone');
    const profiles = await populationOf(t.pool, 'p', {
      dimension: { kind: 'profiles' },
      keys: ['profile_id'],
      columns: { profile_id: 'uuid' },
      rows: [[profile.ann]],
    });
    await expect(
      reconcile({ rules: [RULES[3]!], keepUnreconciled: false }, profiles),
    ).rejects.toMatchObject({ code: 'ACTIVITY_FAILED' });
  });
});
