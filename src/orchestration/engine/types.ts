// The contract between the workflow engine and the activities it runs. An activity is a function
// of its context (inputs as worktables, run variables, a transaction) to an outcome; all of its
// database work happens in the context's transaction, which also records the task as done, so a
// process killed mid-activity leaves nothing behind and the activity runs again from its start.
import type pg from 'pg';
import type { Activity, ActivityKind, Dimension } from '../model.ts';

export const WORK_SCHEMA = 'clarion_work';

export interface WorktableColumn {
  name: string;
  /** PostgreSQL type as `format_type` prints it: `uuid`, `text`, `numeric`, `timestamp with time zone` … */
  type: string;
}

/** A population: a table in `clarion_work` with the rows one transition carries. */
export interface Worktable {
  /** Unqualified table name (a safe identifier); quote with `worktableRef`. */
  table: string;
  dimension: Dimension;
  /**
   * The columns that identify a row of the dimension: `profile_id` for profiles, the dataset's
   * primary key columns for a dataset, `line_no` for a file.
   */
  keys: string[];
  /** Every column, keys first, in table order. */
  columns: WorktableColumn[];
  count: number;
}

/** One incoming transition and the population it carries (`null`: a trigger without one). */
export interface ActivityInput {
  from: string;
  port: string;
  transitionId: string;
  worktable: Worktable | null;
}

export type RunMode = 'test' | 'live';

export interface ActivityContext<K extends ActivityKind = ActivityKind> {
  /** The task's transaction: everything the activity writes commits with the task's outcome. */
  client: pg.PoolClient;
  sandboxId: string;
  campaignId: string;
  runId: string;
  runNo: number;
  /** Test runs (drafts) do everything but send and save audiences. */
  mode: RunMode;
  /** Whether the run was started once (by hand, at a date) rather than by a recurring schedule. */
  oneShot: boolean;
  activity: Extract<Activity, { kind: K }>;
  inputs: ActivityInput[];
  variables: Record<string, unknown>;
  now: Date;
  /** Who the run acts for (the publisher, or the user who started a test run). */
  actorLabel: string;
  /** What the activity kept from an earlier attempt of this task (e.g. a confirmation). */
  state: Record<string, unknown>;
  /** Adds a line to the task's log; `sql` is shown with it (values written in, for reading). */
  log(message: string, sql?: string): void;
  /**
   * Creates the worktable of one output port as `CREATE TABLE … AS <select>`, analyses it and
   * returns it with its columns and count. `keys` must be columns of the select.
   */
  createWorktable(
    port: string,
    spec: { dimension: Dimension; keys: string[]; select: string; params?: unknown[] },
  ): Promise<Worktable>;
}

export type ActivityOutcome =
  /** Finished: each output port's population (`null`: a port that carries no population). */
  | { kind: 'done'; outputs: Record<string, Worktable | null>; state?: Record<string, unknown> }
  /** Ports not taken (a Test's other branches, empty Split subsets with skip): their subtree is skipped. */
  | {
      kind: 'branch';
      outputs: Record<string, Worktable | null>;
      skipped: string[];
      state?: Record<string, unknown>;
    }
  /** Come back at this time (durable: the engine schedules a job for it). */
  | { kind: 'wait'; until: Date; state?: Record<string, unknown> }
  /** A person must act (confirm sending); the engine parks the task until they do. */
  | { kind: 'needsAttention'; reason: string; state?: Record<string, unknown> };

export type ActivityExecutor<K extends ActivityKind> = (
  context: ActivityContext<K>,
) => Promise<ActivityOutcome>;
