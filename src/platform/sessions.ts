// Console sign-in: password check with rate limiting, a server-side session per cookie,
// and a CSRF token that cookie-authenticated writes must echo.
import { sql } from 'kysely';
import { recordAudit } from './audit.ts';
import type { Clock, PlatformDb } from './context.ts';
import { AppError } from './errors.ts';
import { digestToken, newToken, verifyPassword } from './tokens.ts';

export const SESSION_COOKIE = 'clarion_session';
/** Idle lifetime; each use within it extends the session. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;
const SESSION_TOUCH_MS = 5 * 60 * 1000;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;
// Compared against when the email is unknown, so both paths take the same time.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3qg+6vBfTmuyrWrs4lC2gQbD0p0gkCYxBZzRj1ZCMrg';

export interface SessionUser {
  userId: string;
  email: string;
  name: string;
  csrfToken: string;
}

export async function login(
  db: PlatformDb,
  clock: Clock,
  input: { email: string; password: string; ip: string; userAgent: string; requestId?: string },
): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
  const now = clock.now();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const failures = await db
    .selectFrom('login_attempts')
    .select([
      sql<number>`count(*) FILTER (WHERE lower(email) = lower(${input.email}))::int`.as('byEmail'),
      sql<number>`count(*) FILTER (WHERE ip = ${input.ip})::int`.as('byIp'),
    ])
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .where((eb) =>
      eb.or([eb(sql`lower(email)`, '=', input.email.toLowerCase()), eb('ip', '=', input.ip)]),
    )
    .executeTakeFirstOrThrow();
  if (failures.byEmail >= MAX_FAILURES_PER_EMAIL || failures.byIp >= MAX_FAILURES_PER_IP) {
    throw new AppError('TOO_MANY_LOGIN_ATTEMPTS', undefined, {
      retryAfterSeconds: LOGIN_WINDOW_MS / 1000,
    });
  }
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'status'])
    .where(sql`lower(email)`, '=', input.email.trim().toLowerCase())
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  const ok = !!user && passwordOk && user.status === 'active';
  await db
    .insertInto('login_attempts')
    .values({ email: input.email, ip: input.ip, succeeded: ok, at: now })
    .execute();
  if (!ok || !user) throw new AppError('INVALID_CREDENTIALS');

  const token = newToken();
  const csrfToken = newToken(18);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sessions')
      .values({
        token_hash: digestToken(token),
        user_id: user.id,
        csrf_token: csrfToken,
        last_seen_at: now,
        expires_at: expiresAt,
        user_agent: input.userAgent.slice(0, 300),
        ip: input.ip,
        created_at: now,
      })
      .execute();
    await tx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    await recordAudit(tx, {
      sandboxId: null,
      actor: { type: 'user', id: user.id, label: user.email },
      action: 'session.login',
      entityType: 'user',
      entityId: user.id,
      after: { ip: input.ip },
      requestId: input.requestId,
      at: now,
    });
  });
  return {
    token,
    user: { userId: user.id, email: user.email, name: user.name, csrfToken },
    expiresAt,
  };
}

/** The signed-in user of a session cookie, or undefined when unknown, expired or disabled. */
export async function resolveSession(
  db: PlatformDb,
  clock: Clock,
  token: string,
): Promise<SessionUser | undefined> {
  const now = clock.now();
  const hash = digestToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.email', 'u.name', 's.csrf_token', 's.last_seen_at'])
    .where('s.token_hash', '=', hash)
    .where('s.expires_at', '>', now)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > SESSION_TOUCH_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_TTL_MS) })
      .where('token_hash', '=', hash)
      .execute();
  }
  return { userId: row.id, email: row.email, name: row.name, csrfToken: row.csrf_token };
}

export async function logout(db: PlatformDb, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', digestToken(token)).execute();
}

/** Removes expired sessions and old login attempts; run by the job queue on a cron. */
export async function cleanupExpiredSessions(
  db: PlatformDb,
  now: Date,
): Promise<{ sessions: number; loginAttempts: number }> {
  const sessions = await db
    .deleteFrom('sessions')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  const attempts = await db
    .deleteFrom('login_attempts')
    .where('at', '<', new Date(now.getTime() - 24 * 3600 * 1000))
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    loginAttempts: Number(attempts.numDeletedRows),
  };
}
