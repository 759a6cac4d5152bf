// Content variants: targeting rules (first match wins, with or without a fallback) and
// experiments (a deterministic holdout and split by weight), planned on real PostgreSQL and
// sent through the local mailbox with each recipient's variant.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRule } from '../audiences/compiler.ts';
import type { RuleNode } from '../audiences/model.ts';
import type { Configuration } from '../channels/model.ts';
import { TEST_SECRET } from '../http/testing.ts';
import { deliveryWorker } from './dispatch.ts';
import type { VariantPlan } from './model.ts';
import {
  bulkProfiles,
  emailProfile,
  mailboxConfiguration,
  plan,
  plannedRows,
  startPlanTest,
  tally,
  type PlanTest,
} from './plan-testing.ts';
import { executionSenders } from './senders.ts';

let test: PlanTest;
let marketing: Configuration;
const people: Record<string, string> = {};

const tier = (value: string): RuleNode => ({
  kind: 'attribute',
  path: 'loyalty.tier',
  type: 'string',
  operator: 'equals',
  value,
});
const email = (subject: string) => ({ subject, format: 'html', body: `<p>${subject}</p>` });

/** Rules in order: frequent buyers among gold and silver (a staged query), gold, silver. */
function rulesPlan(hasFallback: boolean): VariantPlan {
  const compile = (root: RuleNode) =>
    compileRule(
      { version: 1, root },
      {
        sandboxId: test.sandboxId,
        now: test.clock.now(),
        catalog: { datasets: new Map(), audiences: new Map() },
      },
    );
  const frequent = compile({
    kind: 'group',
    op: 'and',
    children: [
      { kind: 'group', op: 'or', children: [tier('gold'), tier('silver')] },
      { kind: 'event', type: 'purchase', count: { comparison: 'gte', value: 2 } },
    ],
  });
  expect(frequent.sql).toMatch(/^WITH candidates/);
  return {
    kind: 'rules',
    hasFallback,
    rules: [
      {
        key: 'frequent',
        query: frequent,
        content: email('Thanks, {{profile.person.name.firstName}}'),
      },
      { key: 'gold', query: compile(tier('gold')), content: email('Gold offer') },
      { key: 'silver', query: compile(tier('silver')), content: email('Silver offer') },
    ],
  };
}

beforeAll(async () => {
  test = await startPlanTest('2026-05-04T08:00:00Z');
  marketing = await mailboxConfiguration(test, 'Newsletter', 'marketing');
  const loyal = (name: string, level: string) => ({
    attributes: { person: { name: { firstName: name } }, loyalty: { tier: level } },
  });
  people.frequent = await emailProfile(test, 'fran@example.com', loyal('Fran', 'gold'));
  people.gold = await emailProfile(test, 'goldie@example.com', loyal('Goldie', 'gold'));
  people.silver = await emailProfile(test, 'sil@example.com', loyal('Sil', 'silver'));
  people.plain = await emailProfile(test, 'plain@example.com');
  await test.t.database.pool.query(
    `INSERT INTO profile_events (sandbox_id, profile_id, type, at)
     VALUES ($1, $2, 'purchase', '2026-05-01T10:00:00Z'), ($1, $2, 'purchase', '2026-05-02T10:00:00Z'),
            ($1, $3, 'purchase', '2026-05-02T10:00:00Z')`,
    [test.sandboxId, people.frequent, people.gold],
  );
});
afterAll(async () => test.t.close());

const variantsOf = async (executionId: string) => {
  const rows = await plannedRows(test, executionId);
  return Object.fromEntries(
    Object.entries(people).map(([name, id]) => {
      const row = rows.get(id);
      return [name, row?.status === 'queued' ? row.treatment : row?.reason];
    }),
  );
};

describe('targeting rules', () => {
  it('give each recipient the first rule it matches, and the fallback content to the rest', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: Object.values(people) },
      variants: rulesPlan(true),
      runNo: 3,
    });
    expect(planned).toMatchObject({ recipients: 4, queued: 4 });
    expect(await variantsOf(planned.id)).toEqual({
      frequent: 'frequent',
      gold: 'gold',
      silver: 'silver',
      plain: null,
    });
    const stored = await test.t.database.pool.query<{
      run_no: number;
      variants: Record<string, { subject: string }>;
    }>('SELECT run_no, variants FROM executions WHERE id = $1', [planned.id]);
    expect(stored.rows[0]?.run_no).toBe(3);
    expect(Object.keys(stored.rows[0]!.variants).sort()).toEqual(['frequent', 'gold', 'silver']);
    expect(stored.rows[0]?.variants.gold?.subject).toBe('Gold offer');
  });

  it('exclude recipients no rule matches when there is no fallback', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: Object.values(people) },
      variants: rulesPlan(false),
    });
    expect(await variantsOf(planned.id)).toEqual({
      frequent: 'frequent',
      gold: 'gold',
      silver: 'silver',
      plain: 'NoTargetingRuleMatched',
    });
  });

  it('send each message with its variant’s content', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: Object.values(people) },
      variants: rulesPlan(true),
      content: email('News for {{profile.person.name.firstName}}everyone'),
    });
    const worker = deliveryWorker({
      pool: test.t.database.pool,
      clock: test.clock,
      workerId: 'w1',
      senderFor: executionSenders({
        pool: test.t.database.pool,
        db: test.t.database.db,
        clock: test.clock,
        secret: TEST_SECRET,
        publicUrl: 'http://clarion.test',
      }),
    });
    await worker.drain();
    await worker.stop();
    const arrived = await test.t.database.pool.query<{ recipient: string; subject: string }>(
      "SELECT recipient, subject FROM mailbox_messages WHERE message_id LIKE '%' || $1 || '%'",
      [planned.id],
    );
    expect(Object.fromEntries(arrived.rows.map((r) => [r.recipient, r.subject]))).toEqual({
      'fran@example.com': 'Thanks, Fran',
      'goldie@example.com': 'Gold offer',
      'sil@example.com': 'Silver offer',
      'plain@example.com': 'News for everyone',
    });
  });
});

describe('experiments', () => {
  const experiment = (experimentId: string): VariantPlan => ({
    kind: 'experiment',
    experimentId,
    holdoutPercent: 10,
    treatments: [
      { key: 'A', weight: 1, content: email('A') },
      { key: 'B', weight: 3, content: email('B') },
      { key: 'C', weight: 0, content: email('C') },
    ],
  });
  let crowd: string[];
  beforeAll(async () => {
    crowd = await bulkProfiles(test, 'crowd', 2000);
  });

  const assignment = async (experimentId: string) => {
    const planned = await plan(test, marketing, {
      source: { profileIds: crowd },
      variants: experiment(experimentId),
    });
    const rows = await plannedRows(test, planned.id);
    return new Map(crowd.map((id) => [id, rows.get(id)!]));
  };

  it('holds out about 10 % and splits the rest by weight, the same way every time', async () => {
    const first = await assignment('5e1b2f0a-1111-4c3d-9e8f-000000000001');
    const counts = tally(first.values(), (r) => r.treatment ?? r.reason);
    expect(counts.ExperimentationHoldoutExclusion).toBeGreaterThan(140);
    expect(counts.ExperimentationHoldoutExclusion).toBeLessThan(260);
    expect(counts.A).toBeGreaterThan(360);
    expect(counts.A).toBeLessThan(540);
    expect(counts.C).toBeUndefined();
    expect((counts.A ?? 0) + (counts.B ?? 0) + (counts.ExperimentationHoldoutExclusion ?? 0)).toBe(
      2000,
    );
    for (const row of first.values())
      expect(row.status).toBe(row.treatment === null ? 'excluded' : 'queued');

    // The bucket is md5(experiment:profile): the holdout is the same when planned again, and
    // anyone can recompute it.
    const again = await assignment('5e1b2f0a-1111-4c3d-9e8f-000000000001');
    expect([...again.values()].map((r) => r.treatment)).toEqual(
      [...first.values()].map((r) => r.treatment),
    );
    for (const [id, row] of first) {
      const hash = createHash('md5').update(`5e1b2f0a-1111-4c3d-9e8f-000000000001:${id}`);
      const bucket = parseInt(hash.digest('hex').slice(0, 8), 16) % 10_000;
      expect(row.reason === 'ExperimentationHoldoutExclusion').toBe(bucket < 1000);
    }
    // Another experiment draws other lots.
    const other = await assignment('5e1b2f0a-1111-4c3d-9e8f-000000000002');
    const moved = crowd.filter((id) => other.get(id)?.treatment !== first.get(id)?.treatment);
    expect(moved.length).toBeGreaterThan(200);
  });
});
