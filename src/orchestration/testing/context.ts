// Runs one activity outside the engine, for activity tests: a transaction on the test database,
// inputs built from SELECTs, and the context the engine would give. The transaction commits so
// that tests can read the worktables afterwards.
import type pg from 'pg';
import { createWorktableAs, worktableName } from '../engine/worktables.ts';
import type {
  ActivityContext,
  ActivityInput,
  ActivityOutcome,
  RunMode,
  Worktable,
} from '../engine/types.ts';
import type { Activity, Dimension } from '../model.ts';
import { runActivity } from '../activities/index.ts';

export interface ActivityRun {
  outcome: ActivityOutcome;
  logs: { message: string; sql?: string | undefined }[];
}

/** A worktable made from a SELECT, as an input to the activity under test. */
export async function inputWorktable(
  pool: pg.Pool,
  name: string,
  spec: { dimension: Dimension; keys: string[]; select: string; params?: unknown[] },
): Promise<Worktable> {
  const client = await pool.connect();
  try {
    return await createWorktableAs(client, worktableName(crypto.randomUUID(), name, 'out'), spec);
  } finally {
    client.release();
  }
}

export async function runActivityForTest(
  pool: pg.Pool,
  options: {
    sandboxId: string;
    activity: Activity;
    inputs?: { from: string; port?: string; worktable: Worktable | null }[];
    campaignId?: string;
    mode?: RunMode;
    oneShot?: boolean;
    variables?: Record<string, unknown>;
    state?: Record<string, unknown>;
    now?: Date;
  },
): Promise<ActivityRun> {
  const client = await pool.connect();
  const runId = crypto.randomUUID();
  const logs: ActivityRun['logs'] = [];
  const inputs: ActivityInput[] = (options.inputs ?? []).map((input, index) => ({
    from: input.from,
    port: input.port ?? 'out',
    transitionId: `t${index}`,
    worktable: input.worktable,
  }));
  const context: ActivityContext = {
    client,
    sandboxId: options.sandboxId,
    campaignId: options.campaignId ?? crypto.randomUUID(),
    runId,
    runNo: 1,
    mode: options.mode ?? 'live',
    oneShot: options.oneShot ?? true,
    activity: options.activity,
    inputs,
    variables: options.variables ?? {},
    now: options.now ?? new Date(),
    actorLabel: 'test',
    state: options.state ?? {},
    log: (message, sql) => logs.push({ message, sql }),
    createWorktable: (port, spec) =>
      createWorktableAs(client, worktableName(runId, options.activity.id, port), spec),
  };
  try {
    await client.query('BEGIN');
    const outcome = await runActivity(context);
    await client.query('COMMIT');
    return { outcome, logs };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** The rows of a worktable, ordered by every column, for exact comparisons. */
export async function worktableRows(
  pool: pg.Pool,
  worktable: Worktable | null | undefined,
): Promise<Record<string, unknown>[]> {
  if (!worktable) return [];
  const order = worktable.columns.map((_, i) => String(i + 1)).join(', ');
  const result = await pool.query<Record<string, unknown>>(
    `SELECT * FROM clarion_work."${worktable.table}" ORDER BY ${order}`,
  );
  return result.rows;
}
