// The people of a sandbox, for pickers (alert recipients, approvers): active users with a role in
// the sandbox or an instance-wide one. Names and addresses only — roles and status stay with
// user management.
import { sql } from 'kysely';
import { escapeLike } from './audit.ts';
import type { PlatformDb } from './context.ts';
import type { DirectoryEntry } from './model.ts';

export async function listDirectory(
  db: PlatformDb,
  query: { sandboxId: string; q?: string | undefined; limit: number },
): Promise<DirectoryEntry[]> {
  let q = db
    .selectFrom('users as u')
    .select(['u.id', 'u.email', 'u.name'])
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignments as ra')
          .select('ra.user_id')
          .whereRef('ra.user_id', '=', 'u.id')
          .where((inner) =>
            inner.or([
              inner('ra.sandbox_id', '=', query.sandboxId),
              inner('ra.sandbox_id', 'is', null),
            ]),
          ),
      ),
    );
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('u.email', 'ilike', pattern), eb('u.name', 'ilike', pattern)]));
  }
  return q
    .orderBy(sql`lower(u.email)`)
    .limit(query.limit)
    .execute();
}
