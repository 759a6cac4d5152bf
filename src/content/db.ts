// The content area's typed view of the database and its service context.
import type { ColumnType, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Actor, Clock } from '../platform/context.ts';
import type { PlatformTables } from '../platform/tables.ts';
import type { ProfilesTables } from '../profiles/tables.ts';
import type { ContentChannel, FragmentKind } from './model.ts';

export type ContentTables = {
  content_fragments: {
    sandbox_id: string;
    id: string;
    name: string;
    kind: FragmentKind;
    description: string;
    body: string;
    version: number;
    created_by: string;
    created_at: Date;
    updated_by: string;
    updated_at: Date;
  };
  content_templates: {
    sandbox_id: string;
    id: string;
    name: string;
    description: string;
    channel: ContentChannel;
    content: ColumnType<unknown, string, string>;
    version: number;
    created_by: string;
    created_at: Date;
    updated_by: string;
    updated_at: Date;
  };
  content_fragment_uses: {
    sandbox_id: string;
    user_kind: 'fragment' | 'template';
    user_id: string;
    fragment_name: string;
  };
};
type Tables = PlatformTables & ProfilesTables & ContentTables;
export type ContentDb = Kysely<Tables>;
export type ContentTx = Transaction<Tables>;

export function contentDb(db: Db): ContentDb {
  return db.withTables<Tables>();
}

export interface ContentCall {
  db: ContentDb;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}

/** Serialises content saves of a sandbox, so two saves cannot close a fragment cycle. */
export async function lockContent(db: ContentDb, sandboxId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'content:' + sandboxId}, 0))`.execute(
    db,
  );
}

/** Replaces the fragments a fragment or template includes directly. */
export async function recordUses(
  db: ContentDb,
  sandboxId: string,
  user: { kind: 'fragment' | 'template'; id: string },
  names: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('content_fragment_uses')
    .where('sandbox_id', '=', sandboxId)
    .where('user_kind', '=', user.kind)
    .where('user_id', '=', user.id)
    .execute();
  if (names.length > 0)
    await db
      .insertInto('content_fragment_uses')
      .values(
        [...new Set(names)].map((fragment_name) => ({
          sandbox_id: sandboxId,
          user_kind: user.kind,
          user_id: user.id,
          fragment_name,
        })),
      )
      .execute();
}

/** Fragments and templates that include the fragment `name` directly. */
export async function usersOf(
  db: ContentDb,
  sandboxId: string,
  name: string,
): Promise<{ kind: 'fragment' | 'template'; id: string; name: string }[]> {
  const fragments = await db
    .selectFrom('content_fragment_uses as u')
    .innerJoin('content_fragments as f', (join) =>
      join.onRef('f.sandbox_id', '=', 'u.sandbox_id').onRef('f.id', '=', 'u.user_id'),
    )
    .select(['f.id', 'f.name'])
    .where('u.sandbox_id', '=', sandboxId)
    .where('u.user_kind', '=', 'fragment')
    .where('u.fragment_name', '=', name)
    .orderBy('f.name')
    .execute();
  const templates = await db
    .selectFrom('content_fragment_uses as u')
    .innerJoin('content_templates as t', (join) =>
      join.onRef('t.sandbox_id', '=', 'u.sandbox_id').onRef('t.id', '=', 'u.user_id'),
    )
    .select(['t.id', 't.name'])
    .where('u.sandbox_id', '=', sandboxId)
    .where('u.user_kind', '=', 'template')
    .where('u.fragment_name', '=', name)
    .orderBy('t.name')
    .execute();
  return [
    ...fragments.map((row) => ({ kind: 'fragment' as const, ...row })),
    ...templates.map((row) => ({ kind: 'template' as const, ...row })),
  ];
}
