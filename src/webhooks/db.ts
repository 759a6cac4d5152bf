// The webhooks area's typed view of the database.
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Actor, Clock } from '../platform/context.ts';
import type { PlatformTables } from '../platform/tables.ts';
import type { WebhookEventStatus, WebhookEventType } from './model.ts';

export type WebhooksTables = {
  feedback_webhooks: {
    sandbox_id: string;
    url: string;
    secret: Buffer;
    enabled: boolean;
    created_by: string;
    created_at: Date;
    updated_by: string;
    updated_at: Date;
  };
  webhook_events: {
    sandbox_id: string;
    id: string;
    seq: Generated<number>;
    execution_id: string | null;
    recipient_key: string | null;
    action_id: string | null;
    request_id: string | null;
    event_type: WebhookEventType;
    feedback_id: Generated<number>;
    payload: ColumnType<unknown, string, string>;
    status: WebhookEventStatus;
    attempts: number;
    next_attempt_at: Date;
    last_attempt_at: Date | null;
    last_status_code: number | null;
    last_error: string | null;
    created_at: Date;
    delivered_at: Date | null;
  };
};
type Tables = PlatformTables & WebhooksTables;
export type WebhooksDb = Kysely<Tables>;

export function webhooksDb(db: Db): WebhooksDb {
  return db.withTables<Tables>();
}

export interface WebhooksCall {
  db: WebhooksDb;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  /** CLARION_SECRET, for the sealed signing secret. */
  secret: string;
  requestId?: string | undefined;
}
