// The campaigns area's typed view of the database.
import type { ColumnType, Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { MessageCategory } from '../channels/model.ts';
import type { Actor, Clock } from '../platform/context.ts';
import type { PlatformTables } from '../platform/tables.ts';
import type { Channel } from '../profiles/model.ts';
import type { CampaignStatus, CampaignType } from './model.ts';

type Json = ColumnType<unknown, string | null, string | null>;

export type CampaignsTables = {
  campaigns: {
    sandbox_id: string;
    id: ColumnType<string, string | undefined, never>;
    type: CampaignType;
    category: MessageCategory;
    name: string;
    description: string;
    tags: string[];
    status: CampaignStatus;
    version: ColumnType<number, number | undefined, number>;
    replaces_id: ColumnType<string | null, string | null | undefined, string | null>;
    channel: Channel | null;
    action: Json;
    content: Json;
    audience: Json;
    schedule: Json;
    controls: Json;
    trigger: ColumnType<unknown, string | null | undefined, string | null>;
    created_by: string;
    created_at: Date;
    updated_by: string;
    updated_at: Date;
    activated_by: ColumnType<string | null, string | null | undefined, string | null>;
    activated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
  campaign_runs: {
    sandbox_id: string;
    campaign_id: string;
    run_no: number;
    slot_at: Date;
    due_at: Date;
    status: 'scheduled' | 'sending' | 'completed' | 'cancelled' | 'failed';
    execution_id: string | null;
    error: string | null;
    started_at: Date | null;
    finished_at: Date | null;
  };
  approval_requests: {
    sandbox_id: string;
    id: ColumnType<string, string | undefined, never>;
    campaign_id: string;
    policy_ids: string[];
    approver_users: string[];
    approver_roles: string[];
    block_self: boolean;
    status: 'pending' | 'approved' | 'changesRequested' | 'cancelled';
    requested_by: string | null;
    requested_label: string;
    requested_at: Date;
    decided_by: string | null;
    decided_label: string | null;
    decided_at: Date | null;
    message: string | null;
  };
};
type Tables = PlatformTables & CampaignsTables;
export type CampaignsDb = Kysely<Tables>;

export function campaignsDb(db: Db): CampaignsDb {
  return db.withTables<Tables>();
}

export interface CampaignsCall {
  db: CampaignsDb;
  /** The database handle other areas' functions take. */
  base: Db;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}
