// Fragments: named pieces of content included with {{> name}}. Saving one checks it compiles with
// everything it includes and refuses cycles; deleting or renaming one in use is refused.
import { sql, type Selectable } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import { escapeLike } from '../platform/audit.ts';
import {
  lockContent,
  recordUses,
  usersOf,
  type ContentCall,
  type ContentDb,
  type ContentTables,
} from './db.ts';
import { LineMap } from './expression/errors.ts';
import { TemplateError, compileTemplate, templateTags } from './expression/index.ts';
import { loadFragments, referencesOf } from './fragment-sources.ts';
import type { Fragment, FragmentInput, FragmentKind, TemplateProblem } from './model.ts';
import { Problems, contentInvalid, templateProblem } from './problems.ts';

function toFragment(row: Selectable<ContentTables['content_fragments']>): Fragment {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    body: row.body,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
}

async function fragmentRow(db: ContentDb, sandboxId: string, id: string) {
  const row = await db
    .selectFrom('content_fragments')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('FRAGMENT_NOT_FOUND');
  return row;
}

export async function getFragment(db: ContentDb, sandboxId: string, id: string) {
  return toFragment(await fragmentRow(db, sandboxId, id));
}

export async function listFragments(
  db: ContentDb,
  sandboxId: string,
  query: {
    q?: string | undefined;
    kind?: FragmentKind | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  let q = db.selectFrom('content_fragments').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.q) q = q.where('name', 'ilike', `%${escapeLike(query.q)}%`);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.cursor) q = q.where('name', '>', query.cursor);
  const rows = await q
    .orderBy('name')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toFragment),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.name ?? null) : null,
  };
}

/**
 * Compiles `{{> name}}` with the new body standing in for the stored one, so a cycle is named
 * from this fragment round (`a → b → a`) and problems point into the body or name the fragment.
 */
async function checkFragment(db: ContentDb, sandboxId: string, input: FragmentInput) {
  const problems = new Problems();
  if (!problems.sizeOk('/body', input.body)) problems.throwIfAny();
  const loaded = await loadFragments(db, sandboxId, [], { name: input.name, body: input.body });
  try {
    compileTemplate(`{{> ${input.name}}}`, {
      escape: input.kind === 'html' ? 'html' : 'none',
      resolveFragment: loaded.resolve,
    });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    // A problem in the body itself is at /body; one in an included fragment names it.
    const problem: TemplateProblem = templateProblem('/body', error);
    if (problem.fragment === input.name) delete problem.fragment;
    if (error.reason.includes(' includes itself: ')) {
      const at = includeClosingCycle(input, loaded.resolve);
      throw new AppError('FRAGMENT_CYCLE', `Fragments would include each other: ${error.reason}`, [
        at ? { path: '/body', message: error.reason, ...at } : problem,
      ]);
    }
    throw contentInvalid([problem]);
  }
}

/** Where the body includes the fragment through which it comes back to itself. */
function includeClosingCycle(
  input: FragmentInput,
  resolve: (name: string) => string | undefined,
): { line: number; column: number } | undefined {
  const reaches = (from: string, seen: Set<string>): boolean => {
    if (from === input.name) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    const body = resolve(from);
    return body !== undefined && referencesOf(body).some((next) => reaches(next, seen));
  };
  try {
    const span = templateTags(input.body).find(
      (tag) => tag.fragment !== undefined && reaches(tag.fragment, new Set()),
    );
    return span ? new LineMap(input.body).position(span.start) : undefined;
  } catch {
    return undefined;
  }
}

async function assertNameFree(db: ContentDb, sandboxId: string, name: string, id: string) {
  const clash = await db
    .selectFrom('content_fragments')
    .select('id')
    .where('sandbox_id', '=', sandboxId)
    .where('name', '=', name)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (clash)
    throw new AppError('FRAGMENT_EXISTS', undefined, [{ path: '/name', message: 'is taken' }]);
}

function inUse(name: string, users: Awaited<ReturnType<typeof usersOf>>, doing: string): AppError {
  const list = users.map((user) => `${user.kind} '${user.name}'`).join(', ');
  return new AppError(
    'FRAGMENT_IN_USE',
    `Fragment '${name}' cannot be ${doing}: used by ${list}.`,
    {
      usedBy: users,
    },
  );
}

export async function saveFragment(call: ContentCall, input: FragmentInput, id?: string) {
  const fragmentId = id ?? crypto.randomUUID();
  return call.db.transaction().execute(async (tx) => {
    await lockContent(tx, call.sandboxId);
    const before = id ? await fragmentRow(tx, call.sandboxId, id) : undefined;
    await assertNameFree(tx, call.sandboxId, input.name, fragmentId);
    if (before && before.name !== input.name) {
      const users = await usersOf(tx, call.sandboxId, before.name);
      if (users.length > 0) throw inUse(before.name, users, 'renamed');
    }
    await checkFragment(tx, call.sandboxId, input);
    const now = call.clock.now();
    const values = {
      name: input.name,
      kind: input.kind,
      description: input.description ?? '',
      body: input.body,
      updated_by: call.actor.label,
      updated_at: now,
    };
    const row = before
      ? await tx
          .updateTable('content_fragments')
          .set({ ...values, version: sql`version + 1` })
          .where('sandbox_id', '=', call.sandboxId)
          .where('id', '=', fragmentId)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('content_fragments')
          .values({
            ...values,
            sandbox_id: call.sandboxId,
            id: fragmentId,
            version: 1,
            created_by: call.actor.label,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    await recordUses(
      tx,
      call.sandboxId,
      { kind: 'fragment', id: fragmentId },
      referencesOf(input.body),
    );
    const fragment = toFragment(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: before ? 'fragment.update' : 'fragment.create',
      entityType: 'fragment',
      entityId: fragmentId,
      before: before ? toFragment(before) : undefined,
      after: fragment,
      requestId: call.requestId,
      at: now,
    });
    return fragment;
  });
}

export async function deleteFragment(call: ContentCall, id: string): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    await lockContent(tx, call.sandboxId);
    const before = await fragmentRow(tx, call.sandboxId, id);
    const users = (await usersOf(tx, call.sandboxId, before.name)).filter((u) => u.id !== id);
    if (users.length > 0) throw inUse(before.name, users, 'deleted');
    await tx
      .deleteFrom('content_fragments')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .execute();
    await recordUses(tx, call.sandboxId, { kind: 'fragment', id }, []);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'fragment.delete',
      entityType: 'fragment',
      entityId: id,
      before: toFragment(before),
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}
