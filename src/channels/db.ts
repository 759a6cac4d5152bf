// The channels area's typed view of the database.
import type { ColumnType, Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Actor, Clock } from '../platform/context.ts';
import type { PlatformTables } from '../platform/tables.ts';
import type { ConfigurationStatus, MessageCategory } from './model.ts';

export type ChannelsTables = {
  channel_configurations: {
    sandbox_id: string;
    id: string;
    name: string;
    description: string;
    channel: 'email' | 'sms' | 'push';
    category: MessageCategory;
    max_per_second: number | null;
    status: ConfigurationStatus;
    settings: ColumnType<unknown, string, string>;
    credentials: Buffer | null;
    credentials_set: string[];
    version: number;
    created_by: string;
    created_at: Date;
    updated_at: Date;
    activated_at: Date | null;
  };
};
type Tables = PlatformTables & ChannelsTables;
export type ChannelsDb = Kysely<Tables>;

export function channelsDb(db: Db): ChannelsDb {
  return db.withTables<Tables>();
}

export interface ChannelsCall {
  db: ChannelsDb;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  /** CLARION_SECRET, for the credentials. */
  secret: string;
  requestId?: string | undefined;
}
