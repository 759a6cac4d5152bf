// A Kysely view of an activity's transaction, so that activities can call the functions other
// areas export (audiences, datasets) inside the task's transaction. It never begins, commits or
// releases anything: the engine owns the transaction and the connection.
import { Kysely, PostgresDialect, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Db } from '../../db/connection.ts';

export function transactionDb(client: pg.ClientBase): Db {
  const connection: PostgresPoolClient = {
    // pg's client is what Kysely's own pool hands out; only `release` must do nothing here.
    query: client.query.bind(client),
    release: () => undefined,
  };
  return new Kysely({
    dialect: new PostgresDialect({
      pool: { connect: () => Promise.resolve(connection), end: () => Promise.resolve() },
    }),
  });
}
