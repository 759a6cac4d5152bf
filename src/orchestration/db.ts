// The orchestration area's typed view of the database (migrations 024 and 027).
import type { ColumnType, Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { PlatformTables } from '../platform/tables.ts';

type Json = ColumnType<unknown, string | undefined, string>;
type Generated<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type OrchestratedCampaignStatus =
  'draft' | 'publishing' | 'live' | 'scheduled' | 'completed' | 'closed' | 'stopped' | 'archived';
export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'stopped';
export type RunTrigger = 'manual' | 'schedule' | 'signal';
export type TaskStatus =
  'pending' | 'running' | 'waiting' | 'needsAttention' | 'error' | 'done' | 'skipped';

export type OrchestrationTables = {
  orchestrated_campaigns: {
    sandbox_id: string;
    id: ColumnType<string, string | undefined, never>;
    name: string;
    description: Generated<string>;
    tags: Generated<string[]>;
    status: OrchestratedCampaignStatus;
    paused: Generated<boolean>;
    version: Generated<number>;
    replaces_id: Nullable<string>;
    definition: Json;
    error_policy: Json;
    next_launch_at: Nullable<Date>;
    last_signal_at: Nullable<Date>;
    created_by: string;
    created_at: Date;
    updated_by: string;
    updated_at: Date;
    published_by: Nullable<string>;
    published_at: Nullable<Date>;
  };
  orchestrated_runs: {
    sandbox_id: string;
    id: ColumnType<string, string | undefined, never>;
    campaign_id: string;
    run_no: number;
    mode: 'test' | 'live';
    trigger: RunTrigger;
    status: RunStatus;
    definition: Json;
    variables: Json;
    one_shot: Generated<boolean>;
    error: Nullable<string>;
    created_by: string;
    started_at: Date;
    finished_at: Nullable<Date>;
    purged_at: Nullable<Date>;
  };
  orchestrated_tasks: {
    sandbox_id: string;
    run_id: string;
    activity_id: string;
    kind: string;
    status: TaskStatus;
    attempts: Generated<number>;
    wake_at: Nullable<Date>;
    started_at: Nullable<Date>;
    finished_at: Nullable<Date>;
    duration_ms: Nullable<number>;
    /** port → worktable {table, dimension, keys, columns, count} (ports taken only) */
    outputs: Json;
    state: Json;
    /** [{at, level, message, sql?}] */
    logs: Json;
    error: Nullable<string>;
  };
  orchestrated_files: {
    sandbox_id: string;
    id: ColumnType<string, string | undefined, never>;
    name: string;
    size_bytes: number;
    line_count: number;
    table_name: string;
    headers: string[];
    created_by: string;
    created_at: Date;
  };
  orchestrated_alerts: {
    sandbox_id: string;
    id: ColumnType<string, string | undefined, never>;
    campaign_id: string;
    run_id: string;
    activity_id: string;
    user_id: string;
    subject: string;
    message: string;
    created_at: Date;
    read_at: Nullable<Date>;
  };
  orchestrated_watermarks: {
    sandbox_id: string;
    campaign_id: string;
    activity_id: string;
    high_water: Date;
    run_id: string;
    updated_at: Date;
  };
};

type Tables = PlatformTables & OrchestrationTables;
export type OrchestrationDb = Kysely<Tables>;

export function orchestrationDb(db: Db): OrchestrationDb {
  return db.withTables<Tables>();
}
