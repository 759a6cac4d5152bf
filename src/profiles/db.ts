// The profiles area's typed view of the database.
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { PlatformTables } from '../platform/tables.ts';
import type { ProfilesTables } from './tables.ts';

type Tables = PlatformTables & ProfilesTables;
export type ProfilesDb = Kysely<Tables>;
export type ProfilesTx = Transaction<Tables>;

export function profilesDb(db: Db): ProfilesDb {
  return db.withTables<Tables>();
}
