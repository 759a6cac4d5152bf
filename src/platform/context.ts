// Who is acting, where, and when: passed to every service call.
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { PlatformTables } from './tables.ts';
import type { Permission, Role } from './permissions.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export type Actor =
  | { type: 'user'; id: string; label: string }
  | { type: 'apiKey'; id: string; label: string }
  | { type: 'system'; id: null; label: string };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'system' };

/** The principal behind a request, with what it may do in the request's sandbox. */
export interface Principal {
  actor: Actor;
  roles: ReadonlySet<Role>;
  permissions: ReadonlySet<Permission>;
  /** Set for cookie sessions: writes must echo it in `x-csrf-token`. */
  csrfToken?: string;
}

export interface ServiceContext {
  sandboxId: string;
  actor: Actor;
  requestId?: string;
  clock: Clock;
}

export type PlatformDb = Kysely<PlatformTables>;
export type PlatformTx = Transaction<PlatformTables>;

export function platformDb(db: Db): PlatformDb {
  return db.withTables<PlatformTables>();
}
