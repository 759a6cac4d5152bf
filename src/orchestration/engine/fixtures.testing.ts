// Test support for the engine: workflows written tersely, a campaign row to run them under, and
// stand-in activities (a population of N rows, a failure, a confirmation gate).
import type pg from 'pg';
import type { Activity, ActivityConfig, ActivityKind, WorkflowDefinition } from '../model.ts';
import { runActivity } from '../activities/index.ts';
import type { ActivityContext, ActivityOutcome } from './types.ts';
import type { Executor } from './task-runner.ts';

export function act<K extends ActivityKind>(
  id: string,
  kind: K,
  config: ActivityConfig<K>,
): Activity {
  return { id, kind, label: id, position: { x: 0, y: 0 }, config } as Activity;
}

/** `['a', 'b']` is a → b on port out; `['t', 'b', 'yes']` is t → b on port yes. */
export function workflow(
  activities: Activity[],
  edges: [string, string, string?][],
): WorkflowDefinition {
  return {
    version: 1,
    activities,
    transitions: edges.map(([from, to, port], i) => ({
      id: `t${i + 1}`,
      from: { activity: from, port: port ?? 'out' },
      to,
    })),
  };
}

export const scheduler = (id = 'start') => act(id, 'scheduler', { frequency: 'asap', zone: 'UTC' });
export const audience = (id: string) =>
  act(id, 'buildAudience', { dimension: { kind: 'profiles' }, targeting: {} });
export const end = (id: string) => act(id, 'end', {});

export async function insertCampaign(
  pool: pg.Pool,
  sandboxId: string,
  definition: WorkflowDefinition,
  errorPolicy: object = { mode: 'suspend' },
): Promise<string> {
  const created = await pool.query<{ id: string }>(
    `INSERT INTO orchestrated_campaigns (sandbox_id, name, status, definition, error_policy,
                                         created_by, created_at, updated_by, updated_at)
     VALUES ($1, 'Engine test', 'draft', $2, $3, 'test', now(), 'test', now()) RETURNING id`,
    [sandboxId, JSON.stringify(definition), JSON.stringify(errorPolicy)],
  );
  return created.rows[0]!.id;
}

export type Fake = (context: ActivityContext) => Promise<ActivityOutcome>;

/** Runs `fakes[activityId]` where there is one, else the real activity. */
export function withFakes(fakes: Record<string, Fake>): Executor {
  return (context) => (fakes[context.activity.id] ?? runActivity)(context);
}

/** A profiles population of `n` rows (ids derived from 1…n) and a column `n`. */
export function population(n: number): Fake {
  return async (context) => {
    const worktable = await context.createWorktable('out', {
      dimension: { kind: 'profiles' },
      keys: ['profile_id'],
      select: `SELECT md5(i::text)::uuid AS profile_id, i AS n FROM generate_series(1, $1::int) AS i`,
      params: [n],
    });
    context.log(`${worktable.count} profiles`, 'SELECT … FROM generate_series(1, $1)');
    return { kind: 'done', outputs: { out: worktable } };
  };
}

export function failing(message: string): Fake {
  return () => Promise.reject(new Error(message));
}

/** Parks until confirmed, then passes its input on. */
export const confirmationGate: Fake = (context) =>
  Promise.resolve(
    context.state.confirmed === true
      ? { kind: 'done', outputs: { out: context.inputs[0]?.worktable ?? null } }
      : { kind: 'needsAttention', reason: 'Confirm sending' },
  );
