// Users of the console and API: created by administrators with a password or an invitation link.
import { sql, type Selectable } from 'kysely';
import { escapeLike, recordAudit } from './audit.ts';
import type { PlatformDb, PlatformTx } from './context.ts';
import { AppError } from './errors.ts';
import type { RoleAssignment, User, UserCreate, UserUpdate } from './model.ts';
import { assertAdministratorRemains, assignmentsOf, replaceAssignments } from './roles.ts';
import type { PlatformCall } from './sandboxes.ts';
import type { UsersTable, UserStatus } from './tables.ts';
import { digestToken, hashPassword, newToken } from './tokens.ts';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

function toUser(row: Selectable<UsersTable>, roles: RoleAssignment[]): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    roles,
    createdAt: row.created_at.toISOString(),
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
  };
}

async function loadUser(db: PlatformDb | PlatformTx, id: string): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('USER_NOT_FOUND');
  return toUser(row, (await assignmentsOf(db, [id])).get(id) ?? []);
}

export function getUser(db: PlatformDb, id: string): Promise<User> {
  return loadUser(db, id);
}

export async function listUsers(
  db: PlatformDb,
  query: {
    q?: string | undefined;
    status?: UserStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: User[]; nextCursor: string | null }> {
  let q = db.selectFrom('users').selectAll();
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('name', 'ilike', pattern)]));
  }
  if (query.status) q = q.where('status', '=', query.status);
  if (query.cursor) q = q.where(sql<string>`lower(email)`, '>', query.cursor);
  const rows = await q
    .orderBy(sql`lower(email)`)
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const roles = await assignmentsOf(
    db,
    page.map((row) => row.id),
  );
  return {
    items: page.map((row) => toUser(row, roles.get(row.id) ?? [])),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.email.toLowerCase() ?? null) : null,
  };
}

async function issueInvitation(tx: PlatformTx, userId: string, now: Date): Promise<string> {
  const token = newToken();
  await tx
    .updateTable('invitations')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  await tx
    .insertInto('invitations')
    .values({
      token_hash: digestToken(token),
      user_id: userId,
      expires_at: new Date(now.getTime() + INVITATION_TTL_MS),
    })
    .execute();
  return token;
}

/** Creates a user; without a password the user is `invited` and gets a one-time link. */
export async function createUser(
  call: PlatformCall,
  input: UserCreate,
): Promise<{ user: User; invitationToken: string | null }> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return call.db.transaction().execute(async (tx) => {
    const now = call.clock.now();
    const row = await tx
      .insertInto('users')
      .values({
        email: input.email.trim(),
        name: input.name.trim(),
        password_hash: passwordHash,
        status: passwordHash ? 'active' : 'invited',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new AppError('EMAIL_TAKEN', undefined, [
        { path: '/email', message: 'is already used by another user' },
      ]);
    await replaceAssignments(tx, row.id, input.roles ?? []);
    const invitationToken = passwordHash ? null : await issueInvitation(tx, row.id, now);
    const user = await loadUser(tx, row.id);
    await recordAudit(tx, {
      sandboxId: null,
      actor: call.actor,
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      after: user,
      requestId: call.requestId,
      at: now,
    });
    return { user, invitationToken };
  });
}

export async function updateUser(call: PlatformCall, id: string, input: UserUpdate): Promise<User> {
  return call.db.transaction().execute(async (tx) => {
    const before = await loadUser(tx, id);
    if (input.status === 'disabled' && call.actor.type === 'user' && call.actor.id === id)
      throw new AppError('SELF_DISABLE');
    const now = call.clock.now();
    let status: UserStatus = before.status;
    if (input.status === 'disabled') status = 'disabled';
    // Re-enabling a user who never set a password returns them to `invited`.
    if (input.status === 'active' && before.status === 'disabled') {
      const row = await tx
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      status = row.password_hash ? 'active' : 'invited';
    }
    await tx
      .updateTable('users')
      .set({ name: input.name?.trim() ?? before.name, status, updated_at: now })
      .where('id', '=', id)
      .execute();
    if (status === 'disabled') {
      await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await assertAdministratorRemains(tx);
    }
    const after = await loadUser(tx, id);
    await recordAudit(tx, {
      sandboxId: null,
      actor: call.actor,
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before,
      after,
      requestId: call.requestId,
      at: now,
    });
    return after;
  });
}

export async function setUserRoles(
  call: PlatformCall,
  id: string,
  roles: RoleAssignment[],
): Promise<User> {
  return call.db.transaction().execute(async (tx) => {
    const before = await loadUser(tx, id);
    await replaceAssignments(tx, id, roles);
    await assertAdministratorRemains(tx);
    const after = await loadUser(tx, id);
    await recordAudit(tx, {
      sandboxId: null,
      actor: call.actor,
      action: 'user.roles',
      entityType: 'user',
      entityId: id,
      before: before.roles,
      after: after.roles,
      requestId: call.requestId,
      at: call.clock.now(),
    });
    return after;
  });
}

/** A fresh one-time link: for an invitation not yet used, or to let a user reset a password. */
export async function reissueInvitation(call: PlatformCall, id: string): Promise<string> {
  return call.db.transaction().execute(async (tx) => {
    const user = await loadUser(tx, id);
    const now = call.clock.now();
    const token = await issueInvitation(tx, user.id, now);
    await recordAudit(tx, {
      sandboxId: null,
      actor: call.actor,
      action: 'user.invite',
      entityType: 'user',
      entityId: id,
      requestId: call.requestId,
      at: now,
    });
    return token;
  });
}

async function findOpenInvitation(db: PlatformDb | PlatformTx, token: string, now: Date) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.status'])
    .where('i.token_hash', '=', digestToken(token))
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', now)
    .where('u.status', '!=', 'disabled')
    .executeTakeFirst();
}

export async function describeInvitation(
  db: PlatformDb,
  token: string,
  now: Date,
): Promise<{ email: string; name: string }> {
  const found = await findOpenInvitation(db, token, now);
  if (!found) throw new AppError('INVITATION_INVALID');
  return { email: found.email, name: found.name };
}

/** Sets the password from an invitation link; the link works once. */
export async function acceptInvitation(
  call: Omit<PlatformCall, 'actor'>,
  token: string,
  password: string,
): Promise<User> {
  const passwordHash = await hashPassword(password);
  return call.db.transaction().execute(async (tx) => {
    const now = call.clock.now();
    const found = await findOpenInvitation(tx, token, now);
    if (!found) throw new AppError('INVITATION_INVALID');
    await tx
      .updateTable('invitations')
      .set({ used_at: now })
      .where('token_hash', '=', digestToken(token))
      .execute();
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, status: 'active', updated_at: now })
      .where('id', '=', found.id)
      .execute();
    await tx.deleteFrom('sessions').where('user_id', '=', found.id).execute();
    const user = await loadUser(tx, found.id);
    await recordAudit(tx, {
      sandboxId: null,
      actor: { type: 'user', id: found.id, label: found.email },
      action: 'user.setPassword',
      entityType: 'user',
      entityId: found.id,
      requestId: call.requestId,
      at: now,
    });
    return user;
  });
}
