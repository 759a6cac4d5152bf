// The governance area's typed view of the database. Other areas that read governance objects in
// their own transactions add these tables with `tx.withTables<GovernanceTables>()`.
import type { ColumnType, Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Actor, Clock } from '../platform/context.ts';
import type { PlatformTables } from '../platform/tables.ts';
import type { GovernanceStatus } from './model.ts';

/** JSON documents: read as parsed values, written as JSON text. */
type Json = ColumnType<unknown, string, string>;

interface ObjectColumns {
  sandbox_id: string;
  id: string;
  name: string;
  status: GovernanceStatus;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export type GovernanceTables = {
  approval_policies: ObjectColumns & {
    match: Json;
    approvers: Json;
    block_self_approval: boolean;
  };
  /** `caps` holds `{description, caps}`: the rule set's description travels with its caps. */
  business_rule_sets: ObjectColumns & { caps: Json };
  /** `definition` holds the input without its name: description, time zone, windows, behaviour. */
  quiet_hours: ObjectColumns & { definition: Json };
};
type Tables = PlatformTables & GovernanceTables;
export type GovernanceDb = Kysely<Tables>;

export function governanceDb(db: Db): GovernanceDb {
  return db.withTables<Tables>();
}

export interface GovernanceCall {
  db: GovernanceDb;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}
